// Value, quote() and ResourceDecl helpers; to_source round-trips through the
// parser and evaluator.
#include "lang/value.h"

#include <gtest/gtest.h>

#include <string>

#include "lang/resource_decl.h"
#include "tests/lang/lang_test_util.h"

namespace twin::lang {
namespace {

Value str(std::string s) { return Value{std::move(s), {}}; }
Value num(std::int64_t i) { return Value{i, {}}; }
Value boolean(bool b) { return Value{b, {}}; }
Value list(List l) { return Value{std::move(l), {}}; }
Value map_of(Map m) { return Value{std::move(m), {}}; }

TEST(Value, TypeNames) {
  EXPECT_EQ(Value{}.type_name(), "null");
  EXPECT_EQ(str("x").type_name(), "string");
  EXPECT_EQ(boolean(true).type_name(), "bool");
  EXPECT_EQ(num(1).type_name(), "int");
  EXPECT_EQ(list({}).type_name(), "list");
  EXPECT_EQ(map_of({}).type_name(), "map");
}

TEST(Value, QuoteEscapes) {
  EXPECT_EQ(quote("plain"), "\"plain\"");
  EXPECT_EQ(quote("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(quote("l1\nl2\tt\rr"), R"("l1\nl2\tt\rr")");
  EXPECT_EQ(quote("${x} costs $5"), R"("\${x} costs $5")");
  EXPECT_EQ(quote(""), "\"\"");
}

TEST(Value, ToSource) {
  EXPECT_EQ(Value{}.to_source(), "null");
  EXPECT_EQ(num(-3).to_source(), "-3");
  EXPECT_EQ(boolean(false).to_source(), "false");
  EXPECT_EQ(str("a\"b").to_source(), R"("a\"b")");
  EXPECT_EQ(list({num(1), str("x"), list({})}).to_source(), "[1, \"x\", []]");
  Map map{{"name", num(1)}, {"with space", str("v")}, {"true", num(2)}, {"_x9", map_of({})}};
  EXPECT_EQ(map_of(map).to_source(), R"({ name = 1, "with space" = "v", "true" = 2, _x9 = {} })");
}

TEST(Value, ToSourceRoundTripsThroughTheLanguage) {
  Map map{{"k", str("v ${not} \\ \" \n")}, {"LC_ALL", num(-9223372036854775807 - 1)}};
  Value original = list({str("é\t"), boolean(true), map_of(map)});
  std::string errors;
  auto resources =
      testing::evaluate_ok("x \"y\" {\n  v = " + original.to_source() + "\n}\n", &errors);
  ASSERT_EQ(errors, "");
  EXPECT_EQ(resources.at(0).find("v")->value.to_source(), original.to_source());
}

TEST(ResourceDecl, AddressEscapesTheTitle) {
  ResourceDecl r;
  r.type = "file";
  r.title = "/etc/motd";
  EXPECT_EQ(r.address(), "file[\"/etc/motd\"]");
  r.title = "odd \"name\"\n";
  EXPECT_EQ(r.address(), R"(file["odd \"name\"\n"])");
}

TEST(ResourceDecl, Lookups) {
  ResourceDecl r;
  r.attributes.push_back(Attribute{"content", str("hi"), {}});
  r.attributes.push_back(Attribute{"enabled", boolean(true), {}});
  r.attributes.push_back(Attribute{"count", num(3), {}});
  ASSERT_NE(r.find("count"), nullptr);
  EXPECT_EQ(r.find("count")->value.as_int(), 3);
  EXPECT_EQ(r.find("missing"), nullptr);
  ASSERT_NE(r.get_string("content"), nullptr);
  EXPECT_EQ(*r.get_string("content"), "hi");
  EXPECT_EQ(r.get_string("enabled"), nullptr);  // wrong type
  EXPECT_EQ(r.get_string("missing"), nullptr);
  EXPECT_EQ(r.get_bool("enabled"), true);
  EXPECT_EQ(r.get_bool("content"), std::nullopt);
  EXPECT_EQ(r.get_bool("missing"), std::nullopt);
}

}  // namespace
}  // namespace twin::lang
