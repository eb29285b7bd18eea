// The cross-check rules (勾稽关系) of the annual report's tables, applied to the tables of a report
// that carry a known form (Table::form, see forms.h).
#pragma once

#include <vector>

#include "paiban/types.h"

namespace paiban::import {

// Rules (each per applicant column or per row, as the template states them):
//  表三: 一 + 二 = 三（七）总计 + 四; （七）总计 = （一）+（二）+Σ（三）+Σ（四）+Σ（五）+Σ（六）;
//        总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他;
//        with options.previous_year: 二、上年结转 = last year's 四、结转下年度继续办理.
//  表四: each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
// A rule whose cells are not all integers (an empty cell is not 0) is skipped. Each violation is
// a warning (an error when options.strict) whose message names the table, the row and column
// labels as published and the numbers; its pointer is the offending cell (/body/N/rows/R/cells/C).
std::vector<Diagnostic> check_rules(const Report& report, const CheckOptions& options);

}  // namespace paiban::import
