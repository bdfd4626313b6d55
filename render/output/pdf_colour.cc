/* pdf_colour.cc: the press colour pass's content token filter (issue 19;
 * pdf_colour.h is the interface, pdf_cmyk.c the walk over the PDF's
 * objects, ink.c the colour conversion).
 *
 * Owns: rewriting the colour operators of one content stream's decoded
 * bytes with libqpdf's token filter run on the bytes alone
 * (Pl_QPDFTokenizer into a Pl_Buffer: no QPDF object), so the PDF is read
 * and written once, by pdf.c's pass, not a second time here (that second
 * read and write were 28M instructions of the sample page's 234M).
 *
 * What cairo 1.16 writes for Galley's pages (qpdf --qdf of every sample, the
 * edition, --marks, --guides and a placeholder) and what becomes of it:
 *   r g b rg / RG         text, rules, bands, marks, guides: -> c m y k k / K
 *                         (a grey r = g = b on K only: 0 0 0 1-r); the
 *                         registration colour of --marks (ink.h) -> /GalleyAll
 *                         cs 1 scn / CS 1 SCN, the [/Separation /All] space
 *                         pdf_cmyk.c puts in the resources, on every plate
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
 *   those, a soft mask in an ExtGState, an annotation with an appearance
 *   stream. (RGB photos are tagged ICCBased: PDF/X-4 lets the RIP convert them.)
 *
 * The objects are pdf_cmyk.c's (resources, images, groups, annotations); the
 * operators here. Rewritten content is deflated by pdf_cmyk.c at zlib's
 * fastest level; every other stream is copied as cairo compressed it.
 */
/* qpdf 11: std::shared_ptr throughout, no PointerHolder. */
#define POINTERHOLDER_TRANSITION 4

#include "pdf_colour.h"
#include "ink.h"

#include <qpdf/Buffer.hh>
#include <qpdf/Pl_Buffer.hh>
#include <qpdf/Pl_QPDFTokenizer.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
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

/* What a q saves of the colour: the spaces as the input set them, and
 * whether the output's fill or stroke is in the /All separation (so a colour
 * set by sc after it sets DeviceCMYK again first). */
struct graphics_state {
    galley_colour_state_t in;
    bool all_fill, all_stroke;
};

/* Rewrites the colour operators of one content stream (pdf_colour.cc's
 * header lists them). Operands are held until their operator arrives, then
 * written as they came or rewritten. The first fault is kept in ERROR (a
 * token filter must not throw through qpdf's pipeline). */
class colour_filter : public QPDFObjectHandle::TokenFilter
{
  public:
    /* INK (borrowed) converts; WHERE names the stream in messages; START
     * is the colour spaces the stream begins in. */
    colour_filter(galley_ink_t *ink, std::string where, galley_colour_state_t start)
        : ink_(ink), where_(std::move(where)), stack_(1, graphics_state{start, false, false})
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

    std::string error;     /* the first fault, or empty */
    bool used_all = false; /* the /All separation was set (its resource is needed) */

  private:
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

    /* Converts the held colour of N components (1 grey, 3 RGB) to CMYK and
     * writes it with OP (k or K after rg, g; sc, scn, SC or SCN as it came).
     * The registration colour is written in the /All separation instead. */
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
        bool stroke = op[0] == 'K' || op[0] == 'S';
        bool &all = stroke ? stack_.back().all_stroke : stack_.back().all_fill;
        if (galley_ink_is_registration(v)) {
            replace(GALLEY_PDF_ALL_NAME + std::string(stroke ? " CS 1 SCN" : " cs 1 scn"));
            all = used_all = true;
            return;
        }
        if (galley_ink_rgb(ink_, v, cmyk))
            fail(std::string("the colour cannot be converted: ") + galley_ink_error(ink_));
        std::string s = all && op[0] != 'k' && op[0] != 'K'
                            ? (stroke ? "/DeviceCMYK CS " : "/DeviceCMYK cs ")
                            : "";
        all = false;
        for (int i = 0; i < 4; i++)
            s += pdf_number(cmyk[i]) + " ";
        replace(s + op);
    }

    /* cs or CS: the colour space SLOT is set in. */
    void set_space(galley_colour_space_t &slot, std::string const &op)
    {
        auto ops = operands();
        std::string name = ops.size() == 1 && ops[0]->getType() == QPDFTokenizer::tt_name
                               ? ops[0]->getValue()
                               : std::string();
        if (name == "/DeviceRGB" || name == "/DeviceGray") {
            slot = name == "/DeviceRGB" ? GALLEY_SPACE_RGB : GALLEY_SPACE_GRAY;
            replace("/DeviceCMYK " + op);
            return;
        }
        if (name == "/DeviceCMYK")
            slot = GALLEY_SPACE_CMYK;
        else
            fail("the colour space " + (name.empty() ? std::string("(not a name)") : name) + " (" +
                 op + "), which the colour pass does not convert");
        flush();
        write(op);
    }

    /* sc, scn, SC or SCN in the colour space S (as the input set it: the
     * output's is DeviceCMYK wherever the input's was converted). */
    void set_colour(galley_colour_space_t s, std::string const &op)
    {
        if (s == GALLEY_SPACE_INHERITED)
            fail("the operator " + op +
                 " in the colour space the form inherits, which the "
                 "colour pass does not know");
        if (s == GALLEY_SPACE_CMYK || s == GALLEY_SPACE_INHERITED) {
            flush();
            write(op);
        } else {
            convert(s == GALLEY_SPACE_RGB ? 3 : 1, op.c_str(), op);
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
        graphics_state &g = stack_.back();
        galley_colour_state_t &st = g.in;
        if (op == "rg" || op == "RG") {
            (op == "rg" ? st.fill : st.stroke) = GALLEY_SPACE_RGB;
            convert(3, op == "rg" ? "k" : "K", op);
        } else if (op == "g" || op == "G") {
            (op == "g" ? st.fill : st.stroke) = GALLEY_SPACE_GRAY;
            convert(1, op == "g" ? "k" : "K", op);
        } else if (op == "cs" || op == "CS") {
            (op == "cs" ? g.all_fill : g.all_stroke) = false;
            set_space(op == "cs" ? st.fill : st.stroke, op);
        } else if (op == "sc" || op == "scn") {
            set_colour(st.fill, op);
        } else if (op == "SC" || op == "SCN") {
            set_colour(st.stroke, op);
        } else {
            if (op == "k" || op == "K") {
                (op == "k" ? st.fill : st.stroke) = GALLEY_SPACE_CMYK;
                (op == "k" ? g.all_fill : g.all_stroke) = false;
            } else if (op == "q")
                stack_.push_back(g);
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
    std::vector<graphics_state> stack_;
};

/* Runs the filter F over the LEN content bytes IN into *OUT (malloc'ed);
 * throws refused or qpdf's and the library's exceptions. */
void filter_bytes(colour_filter &f, unsigned char const *in, size_t len, unsigned char **out,
                  size_t *out_len)
{
    Pl_Buffer buf("galley colour");
    Pl_QPDFTokenizer tokens("galley colour tokens", &f, &buf);
    tokens.write(in, len);
    tokens.finish();
    if (!f.error.empty())
        throw refused(f.error);
    std::shared_ptr<Buffer> b = buf.getBufferSharedPointer();
    size_t n = b ? b->getSize() : 0;
    *out = static_cast<unsigned char *>(malloc(n ? n : 1));
    if (!*out)
        throw std::bad_alloc();
    if (n)
        memcpy(*out, b->getBuffer(), n);
    *out_len = n;
}

} // namespace

extern "C" int galley_pdf_colour_content(galley_ink_t *ink, const unsigned char *in, size_t len,
                                         galley_colour_state_t start, const char *where,
                                         unsigned char **out, size_t *out_len, int *all, char *err,
                                         size_t err_n)
{
    *out = nullptr;
    *out_len = 0;
    *all = 0;
    try {
        colour_filter f(ink, where, start);
        filter_bytes(f, in, len, out, out_len);
        *all = f.used_all;
        return 0;
    } catch (std::exception const &e) {
        free(*out);
        *out = nullptr;
        *out_len = 0;
        snprintf(err, err_n, "%s", e.what());
        return -1;
    }
}
