/* icc.c: ICC colour profiles as resources.
 *
 * Owns the reading and checking of output profiles with Little CMS
 * (liblcms2): the file is read through input.c (a regular file, the size
 * limit, the root), parsed by cmsOpenProfileFromMem, and must describe a
 * CMYK output device (colour space CMYK, class output): an RGB or grey
 * profile, a display or link profile, or a damaged file cannot be a press's
 * output condition.
 */
#include "icc.h"
#include "input.h"

#include <lcms2.h>
#include <stdlib.h>
#include <string.h>

/* A name for a profile's colour space in messages. */
static const char *icc_space_name(cmsColorSpaceSignature s)
{
    switch (s) {
    case cmsSigRgbData:
        return "RGB";
    case cmsSigGrayData:
        return "grey";
    case cmsSigLabData:
        return "Lab";
    case cmsSigCmykData:
        return "CMYK";
    default:
        return "neither CMYK nor RGB";
    }
}

/* Checks the profile in ICC is a CMYK output profile and takes its
 * description; an error names PATH. */
static galley_status_t icc_check(galley_icc_t *icc, const char *path, galley_diags_t *diags)
{
    cmsHPROFILE p = cmsOpenProfileFromMem(icc->data, (cmsUInt32Number)icc->len);
    if (!p)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                                  "not an ICC colour profile (Little CMS cannot read it)");
    cmsColorSpaceSignature space = cmsGetColorSpace(p);
    cmsProfileClassSignature cls = cmsGetDeviceClass(p);
    cmsGetProfileInfoASCII(p, cmsInfoDescription, "en", "US", icc->description,
                           sizeof icc->description);
    cmsCloseProfile(p);
    if (space != cmsSigCmykData)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                                  "the ICC profile '%s' is %s, not CMYK: a press's output "
                                  "condition is a CMYK profile of its inks and paper",
                                  icc->description, icc_space_name(space));
    if (cls != cmsSigOutputClass)
        return galley_diags_error(diags, GALLEY_STATUS_INPUT_ERROR, path, 0, 0, NULL,
                                  "the ICC profile '%s' is not an output (printer) profile",
                                  icc->description);
    if (!icc->description[0])
        strcpy(icc->description, "CMYK");
    return GALLEY_STATUS_SUCCESS;
}

galley_status_t galley_icc_load_cmyk(const char *path, const char *root, size_t max_bytes,
                                     galley_icc_t *out, galley_diags_t *diags)
{
    memset(out, 0, sizeof *out);
    char *data = NULL;
    size_t len = 0;
    galley_status_t st =
        galley_input_read(path, root, (double)max_bytes / 1048576.0, &data, &len, diags);
    if (st != GALLEY_STATUS_SUCCESS)
        return st;
    out->data = (unsigned char *)data;
    out->len = len;
    st = icc_check(out, path, diags);
    if (st != GALLEY_STATUS_SUCCESS)
        galley_icc_fini(out);
    return st;
}

void galley_icc_fini(galley_icc_t *icc)
{
    if (!icc)
        return;
    free(icc->data);
    memset(icc, 0, sizeof *icc);
}
