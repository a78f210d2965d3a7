// The HSDS tabular form (directory::import_tabular): a folder of CSV files. The input
// is the folder as text, each file after a line "==> name.csv" (as `head` prints
// several files), so real folders make seeds and the fuzzer can change any file.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "directory/importer.h"
#include "fuzz_support.h"

namespace fs = std::filesystem;

namespace {

const fs::path& folder() {
  static const fs::path dir = [] {
    fs::path d = fs::temp_directory_path() / ("kith-fuzz-tabular-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

bool plain_name(std::string_view name) {
  if (name.empty() || name.size() > 40) return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || c == '_' || c == '.')) return false;
  return name != "." && name != "..";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = kith::fuzz::text(data, size);
  for (const auto& f : fs::directory_iterator(folder())) fs::remove(f.path());
  std::ofstream out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    if (line.substr(0, 4) == "==> ") {
      std::string_view name = line.substr(4);
      if (!name.empty() && name.back() == '\r') name.remove_suffix(1);
      out.close();
      if (plain_name(name)) out.open(folder() / std::string(name), std::ios::binary | std::ios::app);
      continue;
    }
    if (out.is_open()) out << line << (end == std::string_view::npos ? "" : "\n");
  }
  out.close();
  auto& db = kith::fuzz::scratch_db();
  kith::store::Transaction tx(db, true);
  auto report = kith::directory::import_tabular(db, folder().string(), "fuzz", {});
  if (report && report->added + report->updated + static_cast<int>(report->problems.size()) < report->records)
    kith::fuzz::fail("a row was neither taken nor reported");
  return 0;
}
