// Heading numbers (GB/T 9704-2012 §7.3.3), counted the same way by the PDF's layout, the DOCX
// writer and the tests that read the printed text back.
#pragma once

#include <string>

#include "paiban/model.h"

namespace paiban {

// 一 … 九十九; zero, negative and larger counts in Arabic digits.
std::string chinese_number(int n);

// The printed number of the count-th heading of a level: 一、 / （一） / 1. / （1） for levels
// 1 / 2 / 3 / 4 (levels past 4 are numbered as level 4).
std::string heading_number(int level, int count);

// Counts the headings of a document in order. An automatic or an explicit number advances its
// level and restarts the deeper levels, so automatic numbers after an explicit one continue its
// sequence; Numbering::kNone neither prints nor counts.
class HeadingCounter {
 public:
  // The number printed before `heading`: heading_number() for kAuto, Heading::number as given for
  // kExplicit, "" for kNone. Heading::level is clamped to 1..4.
  std::string next(const Heading& heading);

 private:
  int counts_[5] = {0, 0, 0, 0, 0};  // by level; [0] unused
};

}  // namespace paiban
