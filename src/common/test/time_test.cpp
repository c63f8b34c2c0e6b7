#include <gtest/gtest.h>

#include "common/constants.h"
#include "common/time.h"

namespace picket {
namespace {

TEST(Time, ParsesZonesToTheSameInstant) {
  UtcTime a, b;
  ASSERT_TRUE(parseIso8601("2017-09-15T06:57:00+09:00", a));
  ASSERT_TRUE(parseIso8601("2017-09-14T21:57:00Z", b));
  EXPECT_DOUBLE_EQ(a.unix_s, b.unix_s);
  // 2017-09-14T21:57:00Z is 1505426220 s after the Unix epoch (date -d ... +%s).
  EXPECT_DOUBLE_EQ(b.unix_s, 1505426220.0);
}

TEST(Time, RejectsBadText) {
  UtcTime t;
  EXPECT_FALSE(parseIso8601("2017-09-15T06:57:00", t));  // no zone
  EXPECT_FALSE(parseIso8601("2017-02-30T06:57:00Z", t));  // no such day
  EXPECT_FALSE(parseIso8601("2017-09-15T24:00:00Z", t));
  EXPECT_FALSE(parseIso8601("yesterday", t));
  EXPECT_FALSE(parseIso8601("2017-09-15T06:57:00Zjunk", t));
}

TEST(Time, FormatsLocalWithItsZone) {
  UtcTime t;
  ASSERT_TRUE(parseIso8601("2017-09-14T21:57:00.4Z", t));
  TimeZone jst;
  ASSERT_TRUE(lookupTimeZone("JST", jst));
  EXPECT_EQ(formatLocal(t, jst), "2017-09-15 06:57:00 JST");
  EXPECT_EQ(formatUtc(t, 3), "2017-09-14T21:57:00.400Z");
  EXPECT_EQ(formatLocalClock(t.plus(59.6), jst), "06:58:00");  // rounds, never prints :60
  TimeZone custom;
  ASSERT_TRUE(lookupTimeZone("UTC+05:30", custom));
  EXPECT_EQ(custom.offset_s, 19800);
  EXPECT_FALSE(lookupTimeZone("Mars/Olympus", custom));
}

TEST(Time, GreenwichSiderealAngleMatchesVallado) {
  // Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed., example 3-5:
  // 1992-08-20 12:14:00 UT1 -> GMST = 152.578787810 deg. Tolerance 1e-6 deg (the IAU-82 series).
  UtcTime t;
  ASSERT_TRUE(parseIso8601("1992-08-20T12:14:00Z", t));
  EXPECT_NEAR(greenwichMeanSiderealAngle_rad(t) * constants::kRadToDeg, 152.578787810, 1e-6);
}

}  // namespace
}  // namespace picket
