#include <gtest/gtest.h>

#include <string>

#include "common/numbers.h"

namespace picket {
namespace {

TEST(ParseDecimal, TakesDecimalNumbers) {
  const std::pair<const char*, double> cases[] = {{"0", 0.0},     {"-12", -12.0},   {"+3.5", 3.5}, {".5", 0.5},
                                                  {"10.", 10.0},  {"1e3", 1000.0},  {"2.5E-4", 2.5e-4},
                                                  {"-0.0", -0.0}, {"39.2239", 39.2239}};
  for (const auto& [text, value] : cases) {
    double x = -99.0;
    EXPECT_TRUE(parseDecimal(text, x)) << text;
    EXPECT_DOUBLE_EQ(x, value) << text;
  }
}

TEST(ParseDecimal, RefusesWhatStrtodWouldTake) {
  // strtod and std::stod read all of these (hex, infinities, NaN, spaces, a number with text after).
  for (const char* text : {"", "+", "-", ".", "e3", "1e", "1e+", "0x10", "0X1p3", "inf", "-inf", "nan", "NAN(1)",
                           " 1", "1 ", "1,5", "1.2.3", "12abc", "1e400", "--1", "+-1", "١٢"}) {
    double x = 7.0;
    EXPECT_FALSE(parseDecimal(text, x)) << "'" << text << "'";
    EXPECT_EQ(x, 7.0) << "'" << text << "' changed the output";
  }
}

TEST(CatalogId, IdsNotPaths) {
  for (const char* id : {"hwasong-12", "sm-3-iia", "an-tpy-2", "pac-3.mse", "x", "a_b"}) EXPECT_TRUE(isCatalogId(id)) << id;
  const std::string long_id(kMaxCatalogIdLength + 1, 'a');
  for (const std::string& id : {std::string(), std::string("../missiles/nodong"), std::string("a/b"), std::string(".hidden"),
                                std::string("-flag"), std::string("a..b"), std::string("Hwasong"), std::string("a b"),
                                std::string("a\\b"), std::string("a\0b", 3), long_id})
    EXPECT_FALSE(isCatalogId(id)) << id;
  EXPECT_TRUE(isCatalogId(std::string(kMaxCatalogIdLength, 'a')));
}

}  // namespace
}  // namespace picket
