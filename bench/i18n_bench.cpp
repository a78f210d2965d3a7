// Rendering in another language: the real templates (each resident page inside the
// layout, and Sheffield's 343-row deprivation table) rendered in English and through
// each compiled-in catalogue. Rounds alternate the languages (English, then each
// other, then English again...) so that a busy machine slows both alike; the ratio is
// the median of the rounds' ratios. Goal: within 10% of English (issue 20).
//   build/release/i18n_bench [--short]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "i18n/languages.h"
#include "web/template.h"

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// A page's view as the server would give it: the layout's menu and switcher, and
// enough rows for the lists to repeat.
Json view_for(const std::string& page) {
  Json nav = Json::array();
  for (const char* label : {"Home", "Areas", "Directory", "Timebank", "Stories", "Grants", "Budgets"})
    nav.push_back({{"label", label}, {"href", "/"}, {"current", false}});
  Json languages = Json::array();
  for (const auto& l : kith::i18n::Languages::embedded().all())
    languages.push_back({{"code", l->code}, {"name", l->name}, {"dir", "ltr"}, {"href", "/?lang=" + l->code}});
  Json view = {{"title", "A page"},
               {"layout",
                {{"place_name", "Kith demo"},
                 {"lang", "en-GB"},
                 {"dir", "ltr"},
                 {"nav", nav},
                 {"languages", languages},
                 {"demo", true},
                 {"assets", {{"css", "/static/kith.css"}}}}}};
  Json rows = Json::array(), stories = Json::array(), results = Json::array();
  for (int i = 0; i < 343; ++i)
    rows.push_back({{"name", "Sheffield " + std::to_string(i)},
                    {"href", "/areas/E01"},
                    {"people", "1,650"},
                    {"rank", std::to_string(i * 97)},
                    {"decile", std::to_string(1 + i % 10)},
                    {"domains", {"1", "2", "3", "4", "5", "6", "7"}}});
  for (int i = 0; i < 20; ++i) {
    stories.push_back({{"title", "A story"},
                       {"href", "/stories/1"},
                       {"excerpt", "The lunch club got me out of the house."},
                       {"teller", "Anonymous"},
                       {"perspective", "Their own"},
                       {"language", "en"},
                       {"dir", "ltr"}});
    results.push_back({{"name", "Broomhall Centre"}, {"href", "/directory/services/1"}, {"description", "A hall"}});
  }
  view["rows"] = rows;
  view["stories"] = stories;
  view["results"] = results;
  view["has_results"] = true;
  view["page_name"] = page;
  return view;
}

// Renders the page inside the layout, as Server::render_page does.
std::size_t render(const kith::web::Templates& t, const std::string& page, Json view,
                   const kith::i18n::Catalogue* catalogue) {
  view["content"] = t.render(page, view, catalogue);
  return t.render("layout", view, catalogue).size();
}

}  // namespace

int main(int argc, char** argv) {
  bool short_mode = argc > 1 && std::strcmp(argv[1], "--short") == 0;
  const int rounds = short_mode ? 3 : 15;
  const kith::web::Templates& t = kith::web::Templates::embedded();
  auto languages = kith::i18n::Languages::embedded().all();
  const std::vector<std::string> pages = {"app/home",      "directory/search", "stories/list", "stories/tell",
                                          "timebank/home", "pb/list",          "grants/index", "indices/table"};
  std::printf("%-20s %-10s %14s %10s %10s\n", "page", "language", "time per page", "HTML", "vs English");
  bool failed = false;
  for (const auto& page : pages) {
    if (!t.has(page)) {
      std::printf("%-20s (no such template)\n", page.c_str());
      failed = true;
      continue;
    }
    Json view = view_for(page);
    // Enough renders per round for a round to take a few milliseconds at least.
    auto start = Clock::now();
    render(t, page, view, nullptr);
    double once = std::chrono::duration<double>(Clock::now() - start).count();
    int per_round = std::max(1, static_cast<int>((short_mode ? 0.002 : 0.02) / std::max(once, 1e-6)));
    std::vector<double> english_times;
    std::vector<std::vector<double>> ratios(languages.size());
    std::vector<std::size_t> bytes(languages.size());
    for (int r = 0; r < rounds; ++r) {
      double english = 0;
      for (std::size_t l = 0; l < languages.size(); ++l) {
        const auto* catalogue = languages[l]->catalogue.get();
        auto s = Clock::now();
        for (int i = 0; i < per_round; ++i) bytes[l] = render(t, page, view, catalogue);
        double seconds = std::chrono::duration<double>(Clock::now() - s).count() / per_round;
        if (l == 0) english = seconds, english_times.push_back(seconds);
        ratios[l].push_back(seconds / english);
      }
    }
    std::sort(english_times.begin(), english_times.end());
    for (std::size_t l = 0; l < languages.size(); ++l) {
      std::sort(ratios[l].begin(), ratios[l].end());
      double ratio = ratios[l][ratios[l].size() / 2];
      std::printf("%-20s %-10s %11.1f us %8.1f KB %9.2fx\n", page.c_str(), languages[l]->code.c_str(),
                  english_times[english_times.size() / 2] * ratio * 1e6, static_cast<double>(bytes[l]) / 1024, ratio);
    }
  }
  std::printf(
      "time per page: the median round; vs English: the median of each round's ratio (English first,\n"
      "the same pages and data). Goal: every language within 1.10x of English.\n");
  return failed ? 1 : 0;
}
