// The 公文 field form: the real documents of the corpus (copied into tests/import/data) import as
// 公文 with each labelled value where the model holds it, read from the file by this test's own
// reading of the labels; and small cases for the kinds, joint documents, attachments with tables,
// and every field the model cannot hold warned about at its line.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "gongwen_fields.h"
#include "importer.h"
#include "numbering.h"
#include "test_support.h"

namespace paiban::import {
namespace {

using testing::data_dir;
using testing::read_file;

// The corpus file read by its README's rules: "标签: 值" lines, the body after "正文:".
struct Labelled {
  std::multimap<std::string, std::string> fields;
  std::vector<std::string> body;
};

Labelled read_labelled(const std::string& text) {
  Labelled out;
  bool body = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line.starts_with("# source:")) continue;
    if (line == "正文:") {
      body = true;
      continue;
    }
    const size_t colon = line.find(": ");
    if (colon != std::string::npos && colon < 20) {
      body = false;
      out.fields.emplace(line.substr(0, colon), line.substr(colon + 2));
    } else if (body) {
      out.body.push_back(line);
    }
  }
  return out;
}

std::vector<std::string> values(const Labelled& l, const std::string& label) {
  std::vector<std::string> out;
  auto [from, to] = l.fields.equal_range(label);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

std::string one(const Labelled& l, const std::string& label) {
  const std::vector<std::string> v = values(l, label);
  return v.empty() ? std::string() : v.front();
}

std::string without_inferred(std::string s) {
  if (s.ends_with(" [inferred]")) s.resize(s.size() - std::string(" [inferred]").size());
  return s;
}

// A body block as the reader sees it: the number the layout prints (or the published one), the
// heading, its run-in text; a paragraph's text.
std::vector<std::string> printed_body(const std::vector<Block>& body) {
  std::vector<std::string> out;
  int counters[5] = {0, 0, 0, 0, 0};
  for (const Block& b : body) {
    if (const Heading* h = std::get_if<Heading>(&b)) {
      ++counters[h->level];
      for (int l = h->level + 1; l <= 4; ++l) counters[l] = 0;
      std::string text = h->numbering == Numbering::kAuto
                             ? heading_number(h->level, counters[h->level])
                             : h->number;
      text += plain_text(h->runs);
      if (h->run_in_body) text += plain_text(h->run_in_body->runs);
      out.push_back(text);
    } else if (const Paragraph* p = std::get_if<Paragraph>(&b)) {
      out.push_back(plain_text(p->runs));
    } else {
      out.push_back("<other block>");
    }
  }
  return out;
}

ReadResult import_corpus(const std::string& name) {
  return import_text(read_file(data_dir() / name), name);
}

// Every labelled value of both real documents, where the model holds it.
TEST(GongwenImport, CorpusDocumentsKeepEveryFieldWhereItBelongs) {
  for (const char* name :
       {"pingtan-guanweihuibangongshi-tongzhi-2021.txt", "pingtan-haitanpianqu-han-2020.txt"}) {
    SCOPED_TRACE(name);
    const Labelled src = read_labelled(read_file(data_dir() / name));
    const ReadResult r = import_corpus(name);
    ASSERT_TRUE(r.report);
    for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << d.line << ": " << d.message;
    const Report& report = *r.report;
    ASSERT_TRUE(report.gongwen) << "not imported as a 公文";
    const Gongwen& g = *report.gongwen;
    std::vector<std::string> authorities;
    for (const std::string& a : values(src, "发文机关")) authorities.push_back(without_inferred(a));
    EXPECT_EQ(g.authorities, authorities);
    EXPECT_EQ(report.metadata.organisation, authorities.front());
    EXPECT_EQ(g.doc_number, one(src, "发文字号"));
    EXPECT_EQ(report.metadata.title, one(src, "标题"));
    EXPECT_EQ(g.addressees, one(src, "主送"));
    std::vector<std::string> signatures;
    for (const GongwenSignature& s : g.signatures) signatures.push_back(s.name);
    EXPECT_EQ(signatures, values(src, "署名"));
    EXPECT_EQ(g.date, one(src, "成文日期"));
    EXPECT_EQ(g.note, one(src, "附注"));
    // 附件说明: the layout numbers several attachments itself, so "1." is not in the names.
    const std::vector<std::string> attachments = values(src, "附件");
    ASSERT_EQ(g.attachment_note.size(), attachments.size());
    for (size_t i = 0; i < attachments.size(); ++i) {
      EXPECT_EQ(std::to_string(i + 1) + "." + g.attachment_note[i], attachments[i]);
    }
    const std::string printed = one(src, "印发");
    if (printed.empty() && one(src, "抄送").empty()) {
      EXPECT_FALSE(g.record);
    } else {
      ASSERT_TRUE(g.record);
      EXPECT_EQ(g.record->copies_to, one(src, "抄送"));
      EXPECT_EQ(g.record->printer + "  " + g.record->print_date + "印发", printed);
    }
    EXPECT_EQ(printed_body(report.body), src.body);
  }
}

TEST(GongwenImport, CorpusKindsAndDates) {
  const ReadResult notice = import_corpus("pingtan-guanweihuibangongshi-tongzhi-2021.txt");
  ASSERT_TRUE(notice.report && notice.report->gongwen);
  EXPECT_EQ(notice.report->gongwen->kind, GongwenKind::kNotice);
  EXPECT_EQ(notice.report->metadata.date, "2021-04-21");
  // The body's （一） items are run-in headings under the level-1 三、体例规范.
  int run_in = 0;
  for (const Block& b : notice.report->body) {
    const Heading* h = std::get_if<Heading>(&b);
    if (h && h->level == 2 && h->run_in_body) ++run_in;
  }
  EXPECT_EQ(run_in, 9);
  const ReadResult letter = import_corpus("pingtan-haitanpianqu-han-2020.txt");
  ASSERT_TRUE(letter.report && letter.report->gongwen);
  EXPECT_EQ(letter.report->gongwen->kind, GongwenKind::kLetter);
  EXPECT_EQ(letter.report->metadata.date, "2020-12-18");
}

ReadResult import_string(const std::string& text) { return import_text(text, "doc.txt"); }

TEST(GongwenImport, KindFromTheTitle) {
  const std::map<std::string, GongwenKind> cases = {
      {"关于做好防汛工作的通知", GongwenKind::kNotice},
      {"关于2023年安全生产情况的通报", GongwenKind::kNotice},
      {"关于同意设立某某学校的批复", GongwenKind::kNotice},
      {"关于商请支持某某工作的函", GongwenKind::kLetter},
      {"关于拨付某某经费的请示", GongwenKind::kRequest},
      {"关于某某工作情况的报告", GongwenKind::kReport},
      {"关于推进某某项目的专题会议纪要", GongwenKind::kMinutes},
      {"某某市人民政府令", GongwenKind::kOrder},
  };
  for (const auto& [title, kind] : cases) {
    const ReadResult r = import_string("发文机关: 某某局\n标题: " + title + "\n正文:\n内容。\n");
    ASSERT_TRUE(r.report && r.report->gongwen) << title;
    EXPECT_EQ(r.report->gongwen->kind, kind) << title;
  }
  const ReadResult odd = import_string("发文机关: 某某局\n标题: 某某事项\n正文:\n内容。\n");
  ASSERT_TRUE(odd.report && odd.report->gongwen);
  EXPECT_EQ(odd.report->gongwen->kind, GongwenKind::kNotice);
  ASSERT_EQ(odd.diagnostics.size(), 1u);
  EXPECT_EQ(odd.diagnostics[0].line, 2);
  EXPECT_NE(odd.diagnostics[0].message.find("no kind"), std::string::npos);
}

TEST(GongwenImport, JointDocumentAttachmentsWithTablesAndTheMasthead) {
  const std::string text =
      "发文机关: 甲局\n发文机关: 乙局\n份号: 000123\n密级: 机密★1年\n紧急程度: 特急\n"
      "发文字号: 甲发〔2024〕3号\n标题: 关于某某工作的通知\n主送: 各单位：\n正文:\n"
      "一、总体要求\n（一）抓好落实。各单位要按时完成。\n\n"
      "附件: 1、统计表\n附件: 2.名单\n署名: 甲局\n署名: 乙局\n成文日期: 2024年3月5日\n"
      "附注: 此件公开发布\n抄送: 丙局。\n印发: 甲局办公室  2024年3月6日印发\n"
      "附件正文:\n说明文字。\n项目\t数量\n甲\t1\n乙\t2\n附件正文:\n张三\n";
  const ReadResult r = import_string(text);
  ASSERT_TRUE(r.report && r.report->gongwen);
  const Gongwen& g = *r.report->gongwen;
  EXPECT_EQ(g.authorities, (std::vector<std::string>{"甲局", "乙局"}));
  ASSERT_EQ(g.signatures.size(), 2u);
  EXPECT_EQ(g.signatures[1].name, "乙局");
  EXPECT_EQ(g.copy_number, "000123");
  EXPECT_EQ(g.classification, "机密");
  EXPECT_EQ(g.secrecy_period, "1年");
  EXPECT_EQ(g.urgency, "特急");
  EXPECT_EQ(g.attachment_note, (std::vector<std::string>{"统计表", "名单"}));
  ASSERT_EQ(g.attachments.size(), 2u);
  EXPECT_EQ(g.attachments[0].title, "统计表");
  EXPECT_EQ(g.attachments[1].title, "名单");
  ASSERT_EQ(g.attachments[0].body.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Paragraph>(g.attachments[0].body[0]));
  const Table* table = std::get_if<Table>(&g.attachments[0].body[1]);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(g.note, "此件公开发布");
  ASSERT_TRUE(g.record);
  EXPECT_EQ(g.record->printer, "甲局办公室");
  EXPECT_EQ(g.record->print_date, "2024年3月6日");
  ASSERT_EQ(r.report->body.size(), 2u);
  const Heading* h = std::get_if<Heading>(&r.report->body[1]);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->level, 2);
  ASSERT_TRUE(h->run_in_body);
  // "1、" is printed "1." by the layout: said, at the line of the 附件 field.
  bool said = false;
  for (const Diagnostic& d : r.diagnostics) {
    said = said || (d.line == 13 && d.severity == Severity::kWarning);
  }
  EXPECT_TRUE(said);
}

TEST(GongwenImport, FieldsTheModelCannotHoldAreWarnedAtTheirLine) {
  const std::string text =
      "发文机关: 某某局\n标题: 关于某事的通知\n标题: 第二个标题\n联络员: 张三\n散落的一行\n"
      "正文:\n联络员: 李四\n印发: 某某办公室\n";
  const ReadResult r = import_string(text);
  ASSERT_TRUE(r.report && r.report->gongwen);
  std::map<int, std::string> by_line;
  for (const Diagnostic& d : r.diagnostics) by_line[d.line] += d.message;
  EXPECT_NE(by_line[3].find("第二个标题"), std::string::npos);
  EXPECT_NE(by_line[4].find("联络员"), std::string::npos);
  EXPECT_NE(by_line[5].find("散落的一行"), std::string::npos);
  EXPECT_EQ(by_line.count(7), 0u) << "a body line is the document's text";
  EXPECT_NE(by_line[8].find("印发"), std::string::npos);
  EXPECT_EQ(r.report->gongwen->record->printer, "某某办公室");
  ASSERT_EQ(r.report->body.size(), 1u);
  // Tidied like any text: a blank next to a CJK character is not kept (README, "Text is tidied").
  EXPECT_EQ(plain_text(std::get<Paragraph>(r.report->body[0]).runs), "联络员:李四");
  for (const Diagnostic& d : r.diagnostics) EXPECT_EQ(d.source, "doc.txt");
}

// The annual report's plain text is not a field list: it stays an annual report.
TEST(GongwenImport, PlainTextStaysAnAnnualReport) {
  const ReadResult r =
      import_string("某某局2023年政府信息公开工作年度报告\n\n一、总体情况\n正文。\n");
  ASSERT_TRUE(r.report);
  EXPECT_FALSE(r.report->gongwen);
  // A full-width colon is the document's punctuation, not the form's separator.
  const ReadResult colon = import_string("标题：某某报告\n\n正文。\n");
  ASSERT_TRUE(colon.report);
  EXPECT_FALSE(colon.report->gongwen);
}

// A 公文 pasted as plain text: masthead, 发文字号, title, 主送, body, 附件说明, 署名 and date,
// 版记.
TEST(GongwenImport, PlainTextGongwenIsRecognised) {
  const std::string text =
      "# source: https://example.org/a\n\n"
      "平潭综合实验区管理委员会文件\n\n岚综管〔2023〕5号\n\n"
      "平潭综合实验区管理委员会关于\n做好防汛工作的通知\n\n各片区管理局，区直各单位：\n"
      "为做好今年防汛工作，现将有关事项通知如下：\n一、压实责任\n（一）落实包保。各单位要落实责任。"
      "\n"
      "各单位要严格值班。\n特此通知\n\n"
      "附件：1.防汛责任人名单\n2.值班表\n\n平潭综合实验区管理委员会\n"
      "2023年5月6日\n（此件公开发布）\n抄送：区党工委办公室。\n"
      "平潭综合实验区管委会办公室  2023年5月6日印发\n";
  const ReadResult r = import_string(text);
  ASSERT_TRUE(r.report);
  for (const Diagnostic& d : r.diagnostics) ADD_FAILURE() << d.line << ": " << d.message;
  ASSERT_TRUE(r.report->gongwen) << "not recognised as a 公文";
  const Gongwen& g = *r.report->gongwen;
  EXPECT_EQ(g.kind, GongwenKind::kNotice);
  EXPECT_EQ(g.authorities, (std::vector<std::string>{"平潭综合实验区管理委员会"}));
  EXPECT_EQ(g.doc_number, "岚综管〔2023〕5号");
  EXPECT_EQ(r.report->metadata.title, "平潭综合实验区管理委员会关于做好防汛工作的通知");
  EXPECT_EQ(g.addressees, "各片区管理局，区直各单位：");
  EXPECT_EQ(printed_body(r.report->body),
            (std::vector<std::string>{"为做好今年防汛工作，现将有关事项通知如下：", "一、压实责任",
                                      "（一）落实包保。各单位要落实责任。", "各单位要严格值班。",
                                      "特此通知"}));
  EXPECT_EQ(g.attachment_note, (std::vector<std::string>{"防汛责任人名单", "值班表"}));
  ASSERT_EQ(g.signatures.size(), 1u);
  EXPECT_EQ(g.signatures[0].name, "平潭综合实验区管理委员会");
  EXPECT_EQ(g.date, "2023年5月6日");
  EXPECT_EQ(r.report->metadata.date, "2023-05-06");
  EXPECT_EQ(g.note, "（此件公开发布）");
  ASSERT_TRUE(g.record);
  EXPECT_EQ(g.record->copies_to, "区党工委办公室。");
  EXPECT_EQ(g.record->printer, "平潭综合实验区管委会办公室");
  EXPECT_EQ(g.record->print_date, "2023年5月6日");
}

// A masthead-like first line without a 发文字号 after it is an annual report's title, as before.
TEST(GongwenImport, MastheadWithoutDocNumberStaysAnAnnualReport) {
  const ReadResult r =
      import_string("某某局文件\n\n一、总体情况\n正文。\n\n某某局\n2024年1月20日\n");
  ASSERT_TRUE(r.report);
  EXPECT_FALSE(r.report->gongwen);
  EXPECT_EQ(r.report->metadata.title, "某某局文件");
  EXPECT_EQ(r.report->metadata.date, "2024-01-20");
}

TEST(GongwenFields, PrintedAndAttachmentNumbers) {
  const std::optional<Printed> p = split_printed("海坛片区党政办公室  2020年12月18日印发");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->printer, "海坛片区党政办公室");
  EXPECT_EQ(p->date, "2020年12月18日");
  EXPECT_FALSE(split_printed("海坛片区党政办公室"));
  EXPECT_EQ(strip_attachment_number("2.名单", 2).name, "名单");
  EXPECT_FALSE(strip_attachment_number("2.名单", 1).stripped);
  EXPECT_FALSE(strip_attachment_number("1.5万元补助明细", 1).stripped);
}

}  // namespace
}  // namespace paiban::import
