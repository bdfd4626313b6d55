/* pdf_x.h: the PDF/X-4 keys of a press file, and the output intent (pdf_x.c). */
#ifndef GALLEY_PDF_X_H
#define GALLEY_PDF_X_H

#include "box.h"

#include <qpdf/qpdf-c.h>
#include <stddef.h>

/* True when DOC's PDF is a press file (its layout's "pdf" standard PDF/X-4,
 * or the command's). */
int galley_pdf_is_x4(const galley_document_t *doc);

/* The least PDF version of a PDF/X-4 file. */
#define GALLEY_PDF_X4_VERSION "1.6"

/* PROFILE (LEN bytes of ICC) as a new deflated stream of Q with N
 * components in *OUT (its deflated bytes kept in the cache folder when
 * USE_CACHE: deflate_cache.h). Returns 0, or -1 out of memory. */
int galley_pdf_icc_stream(qpdf_data q, const unsigned char *profile, size_t len, int n,
                          const char *cache_dir, qpdf_oh *out);

/* Sets the PDF in Q's output intent to sRGB, the profile ICC (ICC_LEN bytes,
 * deflated through the cache in CACHE_DIR, NULL: none): a file for screens.
 * Returns 0, or -1 out of memory. */
int galley_pdf_srgb_intent(qpdf_data q, const unsigned char *icc, size_t icc_len,
                           const char *cache_dir);

/* Makes the PDF in Q a PDF/X-4 file for DOC's press: the CMYK output
 * intent, GTS_PDFXVersion and Trapped in the Info dictionary, the XMP
 * metadata (dated DATE, ISO 8601; its instance ID a hash of BYTES, LEN
 * bytes: the file as cairo wrote it). The writer must then write PDF 1.6 or
 * later (GALLEY_PDF_X4_VERSION). CACHE_DIR: as for galley_pdf_srgb_intent.
 * Returns 0, or -1 out of memory. */
int galley_pdf_x4(qpdf_data q, const galley_document_t *doc, const char *date,
                  const unsigned char *bytes, size_t len, const char *cache_dir);

#endif
