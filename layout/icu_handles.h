// Owning handles for the ICU C objects layout's break phases use (break.cc, title.cc).
#pragma once

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include <memory>

namespace paiban::layout {

struct BreakIteratorCloser {
  void operator()(UBreakIterator* bi) const { ubrk_close(bi); }
};
struct UTextCloser {
  void operator()(UText* ut) const { utext_close(ut); }
};
using BreakIteratorPtr = std::unique_ptr<UBreakIterator, BreakIteratorCloser>;
using UTextPtr = std::unique_ptr<UText, UTextCloser>;

}  // namespace paiban::layout
