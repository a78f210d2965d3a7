#include "web/template.h"

#include <gtest/gtest.h>

namespace kith::web {
namespace {

std::string render(const std::string& text, const nlohmann::json& data) {
  Templates t;
  t.add("t", text);
  return t.render("t", data);
}

TEST(Template, EscapesVariablesAndLeavesRawAlone) {
  nlohmann::json d = {{"name", "<b>Ann & Bo</b>"}};
  EXPECT_EQ(render("{{name}}", d), "&lt;b&gt;Ann &amp; Bo&lt;/b&gt;");
  EXPECT_EQ(render("{{{name}}}|{{& name}}", d), "<b>Ann & Bo</b>|<b>Ann & Bo</b>");
}

TEST(Template, SectionsIterateArraysAndPushObjects) {
  nlohmann::json d = {{"items", {{{"n", 1}}, {{"n", 2}}}}, {"who", {{"name", "Cy"}}}, {"title", "T"}};
  EXPECT_EQ(render("{{#items}}[{{n}}{{title}}]{{/items}}", d), "[1T][2T]");
  EXPECT_EQ(render("{{#who}}{{name}}{{/who}}", d), "Cy");
  EXPECT_EQ(render("{{who.name}}", d), "Cy");
}

TEST(Template, FalseyValuesSkipSectionsAndShowInverted) {
  nlohmann::json d = {{"f", false}, {"e", ""}, {"a", nlohmann::json::array()}, {"z", 0}};
  EXPECT_EQ(render("{{#f}}x{{/f}}{{#e}}x{{/e}}{{#a}}x{{/a}}{{#missing}}x{{/missing}}", d), "");
  EXPECT_EQ(render("{{^f}}1{{/f}}{{^a}}2{{/a}}{{^missing}}3{{/missing}}{{#z}}4{{/z}}", d), "1234");
}

TEST(Template, PartialsAndComments) {
  Templates t;
  t.add("p", "<{{x}}>");
  t.add("main", "{{! ignored }}a{{> p}}b");
  EXPECT_EQ(t.render("main", {{"x", "y"}}), "a<y>b");
}

TEST(Template, SyntaxErrorsNameTheTemplate) {
  Templates t;
  EXPECT_THROW(t.add("bad", "{{#a}}open"), std::runtime_error);
  EXPECT_THROW(t.add("bad2", "{{/a}}"), std::runtime_error);
  EXPECT_THROW(t.render("none", {}), std::runtime_error);
}

TEST(Template, EveryEmbeddedTemplateParses) {
  // Templates::embedded() parses every template in the binary; a syntax error throws.
  const Templates& t = Templates::embedded();
  EXPECT_TRUE(t.has("layout"));
  EXPECT_TRUE(t.has("areas/area"));
  EXPECT_TRUE(t.has("accounts/sign_in"));
}

}  // namespace
}  // namespace kith::web
