/* pdf_x.c: the PDF/X-4 keys of a press file, and the output intent.
 *
 * Owns what makes Galley's PDF a PDF/X-4 file (ISO 15930-7) once cairo and
 * the colour pass (pdf_cmyk.c, pdf_colour.cc) have rewritten it: the
 * OutputIntent of subtype GTS_PDFX with the press's CMYK profile embedded
 * (N 4) and its OutputConditionIdentifier, Info and RegistryName; the Info
 * dictionary's GTS_PDFXVersion and Trapped; and the XMP metadata stream
 * (title, author, dates, tool and producer as the Info dictionary has them,
 * pdfxid:GTS_PDFXVersion, a document and an instance ID). The IDs are
 * hashes (MD5, as RFC 4122's name-based UUIDs: SHA-256 of cairo's bytes took
 * 11M instructions of the sample page's 234M) of what the file is of and of
 * its bytes, so the same input gives the same bytes. The profiles are
 * deflated once and kept in the cache folder (deflate_cache.h). A file for
 * screens (standard "none") gets today's sRGB output intent instead.
 */
#include "deflate_cache.h"
#include "output.h"
#include "pdf_x.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

int galley_pdf_is_x4(const galley_document_t *doc)
{
    return doc->press && doc->press->standard == GALLEY_PDF_X4;
}

int galley_pdf_icc_stream(qpdf_data q, const unsigned char *profile, size_t len, int n,
                          const char *cache_dir, qpdf_oh *out)
{
    unsigned char *deflated;
    size_t dlen;
    if (galley_deflate_cached(profile, len, cache_dir, &deflated, &dlen))
        return -1;
    qpdf_oh stream = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, stream, deflated, dlen, qpdf_oh_new_name(q, "/FlateDecode"),
                                qpdf_oh_new_null(q));
    free(deflated);
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, stream), "/N", qpdf_oh_new_integer(q, n));
    *out = stream;
    return 0;
}

/* Sets the catalogue's OutputIntents to the one INTENT (a dictionary). */
static void pdf_set_intent(qpdf_data q, qpdf_oh intent)
{
    qpdf_oh intents = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, intents, qpdf_make_indirect_object(q, intent));
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", intents);
}

int galley_pdf_srgb_intent(qpdf_data q, const unsigned char *icc, size_t icc_len,
                           const char *cache_dir)
{
    qpdf_oh profile;
    if (galley_pdf_icc_stream(q, icc, icc_len, 3, cache_dir, &profile))
        return -1;
    qpdf_oh intent = qpdf_oh_parse(q, "<< /Type /OutputIntent /S /GTS_PDFX "
                                      "/OutputConditionIdentifier (sRGB IEC61966-2.1) "
                                      "/RegistryName (http://www.color.org) "
                                      "/Info (sRGB IEC61966-2.1) >>");
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
    pdf_set_intent(q, intent);
    return 0;
}

/* The press's output intent: its CMYK profile and what condition it is. */
static int pdf_cmyk_intent(qpdf_data q, const galley_press_t *press, const char *cache_dir)
{
    qpdf_oh profile;
    if (galley_pdf_icc_stream(q, press->icc.data, press->icc.len, 4, cache_dir, &profile))
        return -1;
    const char *id = press->condition ? press->condition : press->icc.description;
    char *file = g_path_get_basename(press->profile_path);
    char *info = press->info ? g_strdup(press->info)
                             : g_strdup_printf("%s (%s)", press->icc.description, file);
    g_free(file);
    qpdf_oh intent = qpdf_oh_parse(q, "<< /Type /OutputIntent /S /GTS_PDFX >>");
    qpdf_oh_replace_key(q, intent, "/OutputConditionIdentifier", qpdf_oh_new_unicode_string(q, id));
    qpdf_oh_replace_key(q, intent, "/OutputCondition", qpdf_oh_new_unicode_string(q, id));
    qpdf_oh_replace_key(q, intent, "/Info", qpdf_oh_new_unicode_string(q, info));
    if (press->registry)
        qpdf_oh_replace_key(q, intent, "/RegistryName",
                            qpdf_oh_new_unicode_string(q, press->registry));
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
    pdf_set_intent(q, intent);
    g_free(info);
    return 0;
}

/* The UTF-8 text of the Info dictionary's KEY ("/Title"), or NULL; newly
 * allocated (g_free). */
static char *pdf_info_text(qpdf_data q, qpdf_oh info, const char *key)
{
    qpdf_oh v = qpdf_oh_get_key(q, info, key);
    return qpdf_oh_is_string(q, v) ? g_strdup(qpdf_oh_get_utf8_value(q, v)) : NULL;
}

/* Writes the Info date KEY in the form PDF dates take, "D:" first (cairo
 * 1.16 writes "20250611000000Z"): what a PDF/X check reads. */
static void pdf_info_date(qpdf_data q, qpdf_oh info, const char *key)
{
    qpdf_oh v = qpdf_oh_get_key(q, info, key);
    if (!qpdf_oh_is_string(q, v))
        return;
    const char *s = qpdf_oh_get_utf8_value(q, v);
    if (strncmp(s, "D:", 2) == 0)
        return;
    char *d = g_strdup_printf("D:%s", s);
    qpdf_oh_replace_key(q, info, key, qpdf_oh_new_string(q, d));
    g_free(d);
}

/* DATA (LEN bytes, after the tag SALT) hashed into a UUID URN. */
static char *pdf_uuid(const char *salt, const void *data, size_t len)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_MD5); /* as RFC 4122's name-based UUIDs */
    g_checksum_update(c, (const guchar *)salt, (gssize)strlen(salt));
    g_checksum_update(c, data, (gssize)len);
    const char *h = g_checksum_get_string(c);
    char *uuid =
        g_strdup_printf("uuid:%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
    g_checksum_free(c);
    return uuid;
}

/* The XMP packet of the file: the Info dictionary's values, the dates DATE
 * (ISO 8601), the IDs and the PDF/X version. Newly allocated (g_free). */
static char *pdf_xmp(qpdf_data q, qpdf_oh info, const char *date, const char *doc_id,
                     const char *instance_id)
{
    char *title = pdf_info_text(q, info, "/Title"), *author = pdf_info_text(q, info, "/Author");
    char *tool = pdf_info_text(q, info, "/Creator"),
         *producer = pdf_info_text(q, info, "/Producer");
    char *t = title
                  ? g_markup_printf_escaped("   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">"
                                            "%s</rdf:li></rdf:Alt></dc:title>\n",
                                            title)
                  : g_strdup("");
    char *a = author ? g_markup_printf_escaped("   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li>"
                                               "</rdf:Seq></dc:creator>\n",
                                               author)
                     : g_strdup("");
    char *rest =
        g_markup_printf_escaped("   <xmp:CreateDate>%s</xmp:CreateDate>\n"
                                "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                                "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n"
                                "   <xmp:CreatorTool>%s</xmp:CreatorTool>\n"
                                "   <pdf:Producer>%s</pdf:Producer>\n"
                                "   <pdf:Trapped>False</pdf:Trapped>\n"
                                "   <xmpMM:DocumentID>%s</xmpMM:DocumentID>\n"
                                "   <xmpMM:InstanceID>%s</xmpMM:InstanceID>\n"
                                "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
                                "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
                                "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n",
                                date, date, date, tool ? tool : "Galley",
                                producer ? producer : "Galley", doc_id, instance_id);
    char *xmp =
        g_strdup_printf("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                        " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                        "  <rdf:Description rdf:about=\"\"\n"
                        "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                        "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                        "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
                        "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                        "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n"
                        "   <dc:format>application/pdf</dc:format>\n"
                        "%s%s%s"
                        "  </rdf:Description>\n"
                        " </rdf:RDF>\n"
                        "</x:xmpmeta>\n"
                        "<?xpacket end=\"w\"?>\n",
                        t, a, rest);
    g_free(t);
    g_free(a);
    g_free(rest);
    g_free(title);
    g_free(author);
    g_free(tool);
    g_free(producer);
    return xmp;
}

int galley_pdf_x4(qpdf_data q, const galley_document_t *doc, const char *date,
                  const unsigned char *bytes, size_t len, const char *cache_dir)
{
    if (pdf_cmyk_intent(q, doc->press, cache_dir))
        return -1;
    qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
    if (!qpdf_oh_is_dictionary(q, info)) {
        info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
        qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info", info);
    }
    qpdf_oh_replace_key(q, info, "/GTS_PDFXVersion", qpdf_oh_new_string(q, "PDF/X-4"));
    pdf_info_date(q, info, "/CreationDate");
    pdf_info_date(q, info, "/ModDate");
    qpdf_oh_replace_key(q, info, "/Trapped", qpdf_oh_new_name(q, "/False"));
    const char *what = doc->article_path ? doc->article_path : "";
    char *doc_id = pdf_uuid(doc->layout_name ? doc->layout_name : "", what, strlen(what));
    char *instance_id = pdf_uuid("instance", bytes, len);
    char *xmp = pdf_xmp(q, info, date, doc_id, instance_id);
    qpdf_oh meta = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, meta, (const unsigned char *)xmp, strlen(xmp),
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh dict = qpdf_oh_get_dict(q, meta);
    qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/Metadata", meta);
    g_free(xmp);
    g_free(doc_id);
    g_free(instance_id);
    return 0;
}
