/* pdf_colour.cc: the press colour pass of the print PDF (issue 19;
 * pdf_colour.h is the interface, ink.c the colour conversion).
 *
 * Owns: reading cairo's PDF with libqpdf's C++ API, rewriting the colours of
 * every page's content and of every form XObject reachable from a page with
 * a content token filter, tagging RGB images with the RGB profile, and
 * writing the result deterministically (the same bytes for the same input).
 *
 * What cairo 1.16 writes for Galley's pages (qpdf --qdf of every sample, the
 * edition, --marks, --guides and a placeholder) and what becomes of it:
 *   r g b rg / RG         text, rules, bands, marks, guides: -> c m y k k / K
 *                         (a grey r = g = b on K only: 0 0 0 1-r)
 *   /Group << /CS /DeviceRGB /S /Transparency >> on every page: -> /DeviceCMYK,
 *                         so a RIP blends in the press's space (an RGB blending
 *                         space would turn black text back into four inks)
 *   /Subtype /Image /ColorSpace /DeviceRGB (photos; their /SMask is DeviceGray):
 *                         -> [/ICCBased <RGB profile, /N 3>], bytes unchanged
 *   /ExtGState with /CA /ca only: passed as they are
 * and what a PDF of cairo's could hold that Galley's do not yet, handled too:
 *   g / G                 -> 0 0 0 1-g k / K
 *   k / K                 DeviceCMYK already: passed as they are
 *   cs / CS               /DeviceRGB and /DeviceGray -> /DeviceCMYK, and the
 *   sc scn SC SCN         colours set in them converted as rg and g are (the
 *                         colour space is tracked through q / Q); /DeviceCMYK
 *                         passed
 *   form XObjects         processed as pages are, once each, with their /Group
 *   /Indexed /DeviceRGB images: the base becomes the ICCBased profile
 * and what is refused with an error naming it (never passed unconverted):
 *   any other colour space set by cs / CS (a named one, /Pattern), sh, an
 *   inline image in RGB or a named colour space, an image in another colour
 *   space than DeviceRGB, DeviceGray, DeviceCMYK, ICCBased or Indexed on
 *   those, a soft mask in an ExtGState, a Type 3 font, an annotation with an
 *   appearance stream, and photos_cmyk (not implemented yet).
 *
 * Rewritten content streams are deflated here (zlib through qpdf's Pl_Flate);
 * every other stream is copied as cairo compressed it (decode level none, as
 * pdf.c does), without object streams, with a deterministic /ID.
 */
/* qpdf 11: std::shared_ptr throughout, no PointerHolder. */
#define POINTERHOLDER_TRANSITION 4

#include "pdf_colour.h"
#include "ink.h"

#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/Pl_Flate.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{

/* A PDF the pass will not convert: the message says what and where. */
struct refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/* V (0..1) as a PDF number: at most four decimals, trailing zeros dropped,
 * the same text for the same value in every locale. */
std::string pdf_number(double v)
{
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 4);
    std::string s(buf, r.ptr);
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.')
            s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

/* The colour space a fill or stroke colour is set in (sc, scn operands). */
enum class space { gray, rgb, cmyk };

/* Rewrites the colour operators of one content stream (pdf_colour.cc's
 * header lists them). Operands are held until their operator arrives, then
 * written as they came or rewritten. The first fault is kept in ERROR (a
 * token filter must not throw through qpdf's pipeline). */
class colour_filter : public QPDFObjectHandle::TokenFilter
{
  public:
    /* INK (borrowed) converts; WHERE names the stream in messages. */
    colour_filter(galley_ink_t *ink, std::string where) : ink_(ink), where_(std::move(where))
    {
    }

    /* Takes one token: operands and spaces wait for their operator. */
    void handleToken(QPDFTokenizer::Token const &t) override
    {
        if (t.getType() == QPDFTokenizer::tt_word)
            take_operator(t);
        else
            pending_.push_back(t);
    }

    /* Writes what is left at the end of the stream. */
    void handleEOF() override
    {
        flush();
    }

    std::string error; /* the first fault, or empty */

  private:
    /* The state q saves and Q restores: the colour spaces of sc and SC. */
    struct state {
        space fill = space::gray, stroke = space::gray;
    };

    /* Keeps the first fault. */
    void fail(std::string const &what)
    {
        if (error.empty())
            error = where_ + ": " + what;
    }

    /* Writes the held tokens as they came. */
    void flush()
    {
        for (auto const &t : pending_)
            writeToken(t);
        pending_.clear();
    }

    /* The held operands (spaces and comments left out). */
    std::vector<QPDFTokenizer::Token const *> operands() const
    {
        std::vector<QPDFTokenizer::Token const *> v;
        for (auto const &t : pending_)
            if (t.getType() != QPDFTokenizer::tt_space && t.getType() != QPDFTokenizer::tt_comment)
                v.push_back(&t);
        return v;
    }

    /* The N held operands as numbers in V; false (and a fault) unless there
     * are exactly N and all are numbers. */
    bool numbers(size_t n, double *v, std::string const &op)
    {
        auto ops = operands();
        bool ok = ops.size() == n;
        for (size_t i = 0; ok && i < n; i++) {
            auto type = ops[i]->getType();
            std::string s = ops[i]->getValue();
            if (!s.empty() && s[0] == '+')
                s.erase(0, 1);
            auto r = std::from_chars(s.data(), s.data() + s.size(), v[i]);
            ok = (type == QPDFTokenizer::tt_integer || type == QPDFTokenizer::tt_real) &&
                 r.ec == std::errc() && r.ptr == s.data() + s.size();
        }
        if (!ok)
            fail("the operator " + op + " without its " + std::to_string(n) + " numbers");
        return ok;
    }

    /* Replaces the held operands and operator OP with TEXT, keeping the
     * spaces before the first operand. */
    void replace(std::string const &text)
    {
        size_t lead = 0;
        while (lead < pending_.size() && pending_[lead].getType() == QPDFTokenizer::tt_space)
            writeToken(pending_[lead++]);
        pending_.clear();
        write(text);
    }

    /* Writes C M Y K and the operator OP in place of the held operands. */
    void write_cmyk(double const cmyk[4], char const *op)
    {
        std::string s;
        for (int i = 0; i < 4; i++)
            s += pdf_number(cmyk[i]) + " ";
        replace(s + op);
    }

    /* Converts the held colour of N components (1 grey, 3 RGB) to CMYK and
     * writes it with OP. */
    void convert(size_t n, char const *op, std::string const &name)
    {
        double v[3], cmyk[4];
        if (!numbers(n, v, name)) {
            flush();
            write(name);
            return;
        }
        if (n == 1)
            v[1] = v[2] = v[0];
        if (galley_ink_rgb(ink_, v, cmyk))
            fail("out of memory");
        write_cmyk(cmyk, op);
    }

    /* cs or CS: the colour space SLOT is set in. */
    void set_space(space &slot, std::string const &op)
    {
        auto ops = operands();
        std::string name = ops.size() == 1 && ops[0]->getType() == QPDFTokenizer::tt_name
                               ? ops[0]->getValue()
                               : std::string();
        if (name == "/DeviceRGB" || name == "/DeviceGray") {
            slot = name == "/DeviceRGB" ? space::rgb : space::gray;
            replace("/DeviceCMYK " + op);
            return;
        }
        if (name == "/DeviceCMYK")
            slot = space::cmyk;
        else
            fail("the colour space " + (name.empty() ? std::string("(not a name)") : name) + " (" +
                 op + "), which the colour pass does not convert");
        flush();
        write(op);
    }

    /* sc, scn, SC or SCN in the colour space SPACE. */
    void set_colour(space s, std::string const &op)
    {
        if (s == space::cmyk) {
            flush();
            write(op);
        } else {
            convert(s == space::rgb ? 3 : 1, op.c_str(), op);
        }
    }

    /* An inline image's dictionary, held from BI to ID: refused unless its
     * colour space is grey, CMYK or absent (an image mask). */
    void check_inline_image()
    {
        auto ops = operands();
        for (size_t i = 0; i + 1 < ops.size(); i++) {
            std::string k = ops[i]->getValue(), v = ops[i + 1]->getValue();
            if (ops[i]->getType() == QPDFTokenizer::tt_name && (k == "/CS" || k == "/ColorSpace") &&
                v != "/G" && v != "/DeviceGray" && v != "/CMYK" && v != "/DeviceCMYK")
                fail("an inline image in the colour space " + v +
                     ", which the colour pass does not convert");
        }
    }

    /* An operator: rewritten when it sets a colour, else written with its
     * operands as they came. */
    void take_operator(QPDFTokenizer::Token const &t)
    {
        std::string const op = t.getValue();
        state &st = stack_.back();
        if (op == "rg" || op == "RG") {
            (op == "rg" ? st.fill : st.stroke) = space::cmyk;
            convert(3, op == "rg" ? "k" : "K", op);
        } else if (op == "g" || op == "G") {
            (op == "g" ? st.fill : st.stroke) = space::cmyk;
            convert(1, op == "g" ? "k" : "K", op);
        } else if (op == "cs" || op == "CS") {
            set_space(op == "cs" ? st.fill : st.stroke, op);
        } else if (op == "sc" || op == "scn") {
            set_colour(st.fill, op);
        } else if (op == "SC" || op == "SCN") {
            set_colour(st.stroke, op);
        } else {
            if (op == "k" || op == "K")
                (op == "k" ? st.fill : st.stroke) = space::cmyk;
            else if (op == "q")
                stack_.push_back(st);
            else if (op == "Q" && stack_.size() > 1)
                stack_.pop_back();
            else if (op == "sh")
                fail("a shading (sh), which the colour pass does not convert");
            else if (op == "ID")
                check_inline_image();
            flush();
            writeToken(t);
        }
    }

    galley_ink_t *ink_;
    std::string where_;
    std::vector<QPDFTokenizer::Token> pending_;
    std::vector<state> stack_ = std::vector<state>(1);
};

/* One run of the pass over a PDF. */
class colour_pass
{
  public:
    /* Q is the PDF read, OPT the pass's options, INK the converter (all borrowed). */
    colour_pass(QPDF &q, galley_pdf_colour_t const &opt, galley_ink_t *ink)
        : q_(q), opt_(opt), ink_(ink)
    {
    }

    /* Converts every page and what it uses; throws refused. */
    void run()
    {
        int n = 0;
        for (auto &page : QPDFPageDocumentHelper(q_).getAllPages()) {
            std::string where = "page " + std::to_string(++n);
            filter(page, where, true);
            for (auto &annot : page.getAnnotations())
                if (annot.getObjectHandle().hasKey("/AP"))
                    throw refused(where + ": an annotation with an appearance stream, which the "
                                          "colour pass does not convert");
            page.forEachXObject(true, [&](QPDFObjectHandle &x, QPDFObjectHandle &,
                                          std::string const &) { xobject(x); });
        }
    }

  private:
    /* Rewrites the content of the page or form PAGE and checks its
     * resources and transparency group; IS_PAGE: a page, whose content may be
     * several streams, made one. */
    void filter(QPDFPageObjectHelper &page, std::string const &where, bool is_page)
    {
        QPDFObjectHandle oh = page.getObjectHandle();
        resources(oh.getKey("/Resources"), where);
        group(oh);
        colour_filter f(ink_, where);
        Pl_Buffer buf("galley colour");
        Pl_Flate deflate("galley colour deflate", &buf, Pl_Flate::a_deflate);
        page.filterContents(&f, &deflate);
        if (!f.error.empty())
            throw refused(f.error);
        std::shared_ptr<Buffer> data = buf.getBufferSharedPointer();
        QPDFObjectHandle stream = is_page ? QPDFObjectHandle::newStream(&q_) : oh;
        stream.replaceStreamData(data, QPDFObjectHandle::newName("/FlateDecode"),
                                 QPDFObjectHandle::newNull());
        if (is_page)
            oh.replaceKey("/Contents", stream);
    }

    /* A transparency group blending in DeviceRGB blends in DeviceCMYK. */
    static void group(QPDFObjectHandle oh)
    {
        QPDFObjectHandle g = oh.getKey("/Group");
        if (g.isDictionary() && g.getKey("/CS").isNameAndEquals("/DeviceRGB"))
            g.replaceKey("/CS", QPDFObjectHandle::newName("/DeviceCMYK"));
    }

    /* Refuses what of the resources RES the pass cannot convert: Type 3
     * fonts (their glyphs' colours) and soft masks. */
    static void resources(QPDFObjectHandle res, std::string const &where)
    {
        if (!res.isDictionary())
            return;
        QPDFObjectHandle fonts = res.getKey("/Font");
        if (fonts.isDictionary())
            for (auto kv : fonts.ditems())
                if (kv.second.isDictionary() &&
                    kv.second.getKey("/Subtype").isNameAndEquals("/Type3"))
                    throw refused(where + ": the Type 3 font " + kv.first +
                                  ", whose glyphs the colour pass does not convert");
        QPDFObjectHandle gs = res.getKey("/ExtGState");
        if (gs.isDictionary())
            for (auto kv : gs.ditems())
                if (kv.second.isDictionary() && kv.second.getKey("/SMask").isDictionary())
                    throw refused(where + ": the soft mask of " + kv.first +
                                  ", which the colour pass does not convert");
    }

    /* A form XObject is filtered, an image tagged, each once. */
    void xobject(QPDFObjectHandle &x)
    {
        if (!x.isStream() || !done_.insert(x.getObjGen()).second)
            return;
        QPDFObjectHandle dict = x.getDict();
        std::string where = "object " + std::to_string(x.getObjectID());
        if (dict.getKey("/Subtype").isNameAndEquals("/Form")) {
            QPDFPageObjectHelper form(x);
            filter(form, "the form XObject " + where, false);
        } else if (dict.getKey("/Subtype").isNameAndEquals("/Image")) {
            image(dict, "the image XObject " + where);
        }
    }

    /* Tags an RGB image with the RGB profile; refuses one it cannot print. */
    void image(QPDFObjectHandle dict, std::string const &where)
    {
        QPDFObjectHandle cs = dict.getKey("/ColorSpace");
        if (dict.getKey("/ImageMask").isBool() && dict.getKey("/ImageMask").getBoolValue())
            return;
        if (cs.isNameAndEquals("/DeviceRGB")) {
            if (opt_.photos_cmyk)
                throw refused(where + ": converting photos to CMYK (photos_cmyk) is not "
                                      "implemented; tag them ICCBased instead");
            dict.replaceKey("/ColorSpace", icc());
            return;
        }
        if (cs.isNameAndEquals("/DeviceGray") || cs.isNameAndEquals("/DeviceCMYK"))
            return;
        if (cs.isArray() && cs.getArrayNItems() >= 2) {
            QPDFObjectHandle family = cs.getArrayItem(0), base = cs.getArrayItem(1);
            if (family.isNameAndEquals("/ICCBased"))
                return;
            if (family.isNameAndEquals("/Indexed") && base.isNameAndEquals("/DeviceRGB")) {
                cs.setArrayItem(1, icc());
                return;
            }
            if (family.isNameAndEquals("/Indexed") &&
                (base.isNameAndEquals("/DeviceGray") || base.isNameAndEquals("/DeviceCMYK")))
                return;
        }
        throw refused(where + ": a colour space the colour pass does not convert (" + cs.unparse() +
                      ")");
    }

    /* [/ICCBased <the RGB profile>], made once and shared by every image. */
    QPDFObjectHandle icc()
    {
        if (icc_.isInitialized())
            return icc_;
        Pl_Buffer buf("galley icc");
        Pl_Flate deflate("galley icc deflate", &buf, Pl_Flate::a_deflate);
        deflate.write(opt_.rgb_profile, opt_.rgb_profile_len);
        deflate.finish();
        QPDFObjectHandle profile = QPDFObjectHandle::newStream(&q_);
        profile.replaceStreamData(buf.getBufferSharedPointer(),
                                  QPDFObjectHandle::newName("/FlateDecode"),
                                  QPDFObjectHandle::newNull());
        profile.getDict().replaceKey("/N", QPDFObjectHandle::newInteger(3));
        profile.getDict().replaceKey("/Alternate", QPDFObjectHandle::newName("/DeviceRGB"));
        icc_ = QPDFObjectHandle::newArray();
        icc_.appendItem(QPDFObjectHandle::newName("/ICCBased"));
        icc_.appendItem(profile);
        icc_ = q_.makeIndirectObject(icc_);
        return icc_;
    }

    QPDF &q_;
    galley_pdf_colour_t const &opt_;
    galley_ink_t *ink_;
    std::set<QPDFObjGen> done_;
    QPDFObjectHandle icc_;
};

/* Reads IN, runs the pass and writes the PDF into *OUT (malloc'ed); throws
 * refused or qpdf's and the library's exceptions. */
void colour_cmyk(unsigned char const *in, size_t len, galley_pdf_colour_t const &opt,
                 galley_ink_t *ink, unsigned char **out, size_t *out_len)
{
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("cairo's PDF", reinterpret_cast<char const *>(in), len);
    colour_pass(q, opt, ink).run();
    QPDFWriter w(q);
    w.setOutputMemory();
    w.setDeterministicID(true);
    w.setObjectStreamMode(qpdf_o_disable); /* pdf.c says why */
    w.setDecodeLevel(qpdf_dl_none);
    w.write();
    std::shared_ptr<Buffer> b = w.getBufferSharedPointer();
    *out = static_cast<unsigned char *>(malloc(b->getSize() ? b->getSize() : 1));
    if (!*out)
        throw std::bad_alloc();
    memcpy(*out, b->getBuffer(), b->getSize());
    *out_len = b->getSize();
}

} // namespace

extern "C" int galley_pdf_colour_cmyk(const unsigned char *in, size_t len,
                                      const galley_pdf_colour_t *opt, unsigned char **out,
                                      size_t *out_len, char *err, size_t err_n)
{
    *out = nullptr;
    *out_len = 0;
    if (!opt->rgb_profile) {
        snprintf(err, err_n, "the colour pass has no RGB profile");
        return -1;
    }
    galley_ink_t *ink = galley_ink_create(opt->rgb_profile, opt->rgb_profile_len, opt->profile,
                                          opt->profile_len, opt->ink_limit, err, err_n);
    if (!ink)
        return -1;
    int r = 0;
    try {
        colour_cmyk(in, len, *opt, ink, out, out_len);
    } catch (std::exception const &e) {
        free(*out);
        *out = nullptr;
        *out_len = 0;
        snprintf(err, err_n, "%s", e.what());
        r = -1;
    }
    galley_ink_destroy(ink);
    return r;
}
