// PEGTL's static analysis of the grammar: no rule can loop without consuming
// input (the failure mode of hand-edited PEGs).
#include "lang/internal/grammar.h"

#include <gtest/gtest.h>

#include <tao/pegtl/contrib/analyze.hpp>

namespace twin::lang {
namespace {

TEST(Grammar, AnalyzeFindsNoIssues) { EXPECT_EQ(tao::pegtl::analyze<grammar::file>(1), 0u); }

}  // namespace
}  // namespace twin::lang
