#include "forms.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace paiban::import {

namespace {

// Builds a form from its label cells and runs of data cells, then sorts the cells row-major.
class FormBuilder {
 public:
  FormBuilder(std::string_view name, std::string_view title, FormKind kind, int rows,
              std::vector<int> widths, int header_rows, int header_columns) {
    form_.name = name;
    form_.title = title;
    form_.kind = kind;
    form_.rows = rows;
    form_.cols = static_cast<int>(widths.size());
    form_.col_widths = std::move(widths);
    form_.header_rows = header_rows;
    form_.header_columns = header_columns;
  }

  FormBuilder& label(int row, int col, std::string_view text, int rowspan = 1, int colspan = 1) {
    form_.cells.push_back({row, col, rowspan, colspan, text, false});
    return *this;
  }

  // `count` data cells in `row` from `col`, each `colspan` wide.
  FormBuilder& data(int row, int col, int count = 1, int colspan = 1) {
    for (int k = 0; k < count; ++k)
      form_.cells.push_back({row, col + k * colspan, 1, colspan, "", true});
    return *this;
  }

  Form build() {
    std::sort(form_.cells.begin(), form_.cells.end(), [](const FormCell& a, const FormCell& b) {
      return std::tie(a.row, a.col) < std::tie(b.row, b.col);
    });
    return std::move(form_);
  }

 private:
  Form form_;
};

constexpr std::string_view kTable3Note =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

Form table2_2021() {
  FormBuilder b(kFormTable2v2021, "表二", FormKind::kTable2, 14, {2435, 2435, 2435, 2435}, 0, 0);
  b.label(0, 0, "第二十条第（一）项", 1, 4)
      .label(1, 0, "信息内容")
      .label(1, 1, "本年制发件数")
      .label(1, 2, "本年废止件数")
      .label(1, 3, "现行有效件数")
      .label(2, 0, "规章")
      .data(2, 1, 3)
      .label(3, 0, "行政规范性文件")
      .data(3, 1, 3)
      .label(4, 0, "第二十条第（五）项", 1, 4)
      .label(5, 0, "信息内容")
      .label(5, 1, "本年处理决定数量", 1, 3)
      .label(6, 0, "行政许可")
      .data(6, 1, 1, 3)
      .label(7, 0, "第二十条第（六）项", 1, 4)
      .label(8, 0, "信息内容")
      .label(8, 1, "本年处理决定数量", 1, 3)
      .label(9, 0, "行政处罚")
      .data(9, 1, 1, 3)
      .label(10, 0, "行政强制")
      .data(10, 1, 1, 3)
      .label(11, 0, "第二十条第（八）项", 1, 4)
      .label(12, 0, "信息内容")
      .label(12, 1, "本年收费金额（单位：万元）", 1, 3)
      .label(13, 0, "行政事业性收费")
      .data(13, 1, 1, 3);
  return b.build();
}

// The 2019 trial format has rows of four cells (label + three numbers) and rows of three cells
// (label + two numbers, each half as wide again). Word resolves the two sets of borders into a
// five-column grid: the third column of the four-cell rows is split in two, so the four-cell rows
// span it with their third cell and the three-cell rows meet in its middle. The Word widths are
// the 2021 table's equal quarters, the split column halved.
Form table2_2019() {
  FormBuilder b(kFormTable2v2019, "表二", FormKind::kTable2, 18, {2435, 2435, 1218, 1217, 2435}, 0,
                0);
  auto four_cells = [&b](int row, std::string_view label, std::string_view c1, std::string_view c2,
                         std::string_view c3) {
    b.label(row, 0, label).label(row, 1, c1).label(row, 2, c2, 1, 2).label(row, 4, c3);
  };
  auto four_data = [&b](int row, std::string_view label) {
    b.label(row, 0, label).data(row, 1).data(row, 2, 1, 2).data(row, 4);
  };
  auto three_cells = [&b](int row, std::string_view label, std::string_view c1,
                          std::string_view c2) {
    b.label(row, 0, label).label(row, 1, c1, 1, 2).label(row, 3, c2, 1, 2);
  };
  auto three_data = [&b](int row, std::string_view label) {
    b.label(row, 0, label).data(row, 1, 2, 2);
  };
  b.label(0, 0, "第二十条第（一）项", 1, 5);
  four_cells(1, "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量");
  four_data(2, "规章");
  four_data(3, "规范性文件");
  b.label(4, 0, "第二十条第（五）项", 1, 5);
  four_cells(5, "信息内容", "上一年项目数量", "本年增/减", "处理决定数量");
  four_data(6, "行政许可");
  four_data(7, "其他对外管理服务事项");
  b.label(8, 0, "第二十条第（六）项", 1, 5);
  four_cells(9, "信息内容", "上一年项目数量", "本年增/减", "处理决定数量");
  four_data(10, "行政处罚");
  four_data(11, "行政强制");
  b.label(12, 0, "第二十条第（八）项", 1, 5);
  three_cells(13, "信息内容", "上一年项目数量", "本年增/减");
  three_data(14, "行政事业性收费");
  b.label(15, 0, "第二十条第（九）项", 1, 5);
  three_cells(16, "信息内容", "采购项目数量", "采购总金额");
  three_data(17, "政府集中采购");
  return b.build();
}

// Table 三. `one_row_other`: （六）其他处理 is one row (2019 trial format), so 三 spans 20 rows
// instead of 22 and the last two rows move up by two.
Form table3(bool one_row_other) {
  const int rows = one_row_other ? 26 : 28;
  FormBuilder b(one_row_other ? kFormTable3v2019 : kFormTable3v2021, "表三", FormKind::kTable3,
                rows, {754, 921, 3271, 685, 685, 685, 685, 685, 685, 685}, 3, 3);
  b.label(0, 0, kTable3Note, 3, 3)
      .label(0, 3, "申请人情况", 1, 7)
      .label(1, 3, "自然人", 2, 1)
      .label(1, 4, "法人或其他组织", 1, 5)
      .label(1, 9, "总计", 2, 1)
      .label(2, 4, "商业企业")
      .label(2, 5, "科研机构")
      .label(2, 6, "社会公益组织")
      .label(2, 7, "法律服务机构")
      .label(2, 8, "其他");
  b.label(3, 0, "一、本年新收政府信息公开申请数量", 1, 3).data(3, 3, 7);
  b.label(4, 0, "二、上年结转政府信息公开申请数量", 1, 3).data(4, 3, 7);
  b.label(5, 0, "三、本年度办理结果", one_row_other ? 20 : 22, 1);
  b.label(5, 1, "（一）予以公开", 1, 2).data(5, 3, 7);
  b.label(6, 1, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2).data(6, 3, 7);
  struct Group {
    std::string_view label;
    std::vector<std::string_view> items;
  };
  std::vector<Group> groups = {
      {"（三）不予公开",
       {"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
        "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
        "7.属于行政执法案卷", "8.属于行政查询事项"}},
      {"（四）无法提供",
       {"1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"}},
      {"（五）不予处理",
       {"1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息"}},
      {"（六）其他处理",
       {"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"}},
  };
  if (one_row_other) groups.back().items.clear();
  int row = 7;
  for (const Group& g : groups) {
    if (g.items.empty()) {
      b.label(row, 1, g.label, 1, 2).data(row, 3, 7);
      ++row;
      continue;
    }
    b.label(row, 1, g.label, static_cast<int>(g.items.size()), 1);
    for (std::string_view item : g.items) {
      b.label(row, 2, item).data(row, 3, 7);
      ++row;
    }
  }
  b.label(row, 1, "（七）总计", 1, 2).data(row, 3, 7);
  b.label(row + 1, 0, "四、结转下年度继续办理", 1, 3).data(row + 1, 3, 7);
  return b.build();
}

Form table4() {
  FormBuilder b(kFormTable4v2021, "表四", FormKind::kTable4, 4,
                {649, 649, 649, 649, 649, 649, 649, 650, 650, 650, 650, 650, 650, 650, 650}, 3, 0);
  constexpr std::array<std::string_view, 5> kResults = {"结果维持", "结果纠正", "其他结果",
                                                        "尚未审结", "总计"};
  b.label(0, 0, "行政复议", 1, 5).label(0, 5, "行政诉讼", 1, 10);
  for (int c = 0; c < 5; ++c) b.label(1, c, kResults[c], 2, 1);
  b.label(1, 5, "未经复议直接起诉", 1, 5).label(1, 10, "复议后起诉", 1, 5);
  for (int c = 0; c < 10; ++c) b.label(2, 5 + c, kResults[c % 5]);
  b.data(3, 0, 15);
  return b.build();
}

}  // namespace

const FormCell* Form::cell_at(int row, int col) const {
  for (const FormCell& cell : cells) {
    if (cell.row == row && cell.col == col) return &cell;
  }
  return nullptr;
}

const std::vector<Form>& all_forms() {
  static const std::vector<Form> kForms = {table2_2021(), table2_2019(), table3(false),
                                           table3(true), table4()};
  return kForms;
}

const Form* find_form(std::string_view name) {
  for (const Form& form : all_forms()) {
    if (form.name == name) return &form;
  }
  return nullptr;
}

}  // namespace paiban::import
