// Text widths estimated without fonts, in characters ("字") of the text's size: what the resolve
// phase measures when a rule must hold in both writers (the DOCX writer never sees glyphs).
#pragma once

#include <string_view>

namespace paiban::resolve {

// The width of a line of text in characters of its size: Han characters and other non-ASCII
// characters 1, ASCII (Latin letters and digits in the half-width Latin font) ½, and with
// `autospace` ¼ more at every boundary between a Han character and an ASCII letter or digit
// (clreq §3.2, w:autoSpaceDE/DN).
double text_width_em(std::string_view text, bool autospace);

}  // namespace paiban::resolve
