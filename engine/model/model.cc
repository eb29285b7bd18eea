#include "paiban/model.h"

namespace paiban {

std::string plain_text(const std::vector<Run>& runs) {
  std::string out;
  for (const Run& run : runs) out += run.text;
  return out;
}

}  // namespace paiban
