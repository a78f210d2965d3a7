#include "areas/postcode_file.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/text.h"

namespace kith::areas {

namespace {

// Lines of a file through zlib, which reads gzip and plain files alike.
class Lines {
 public:
  explicit Lines(const std::string& path) : file_(gzopen(path.c_str(), "rb"), &gzclose) {
    if (file_) gzbuffer(file_.get(), 1 << 17);
  }
  bool ok() const { return file_ != nullptr; }
  // The next line, without its line break; valid until the next call.
  bool next(std::string_view& line) {
    while (true) {
      auto nl = static_cast<const char*>(std::memchr(buf_.data() + pos_, '\n', end_ - pos_));
      if (nl) {
        line = std::string_view(buf_.data() + pos_, static_cast<std::size_t>(nl - (buf_.data() + pos_)));
        pos_ = static_cast<std::size_t>(nl - buf_.data()) + 1;
        return true;
      }
      if (eof_) {
        if (pos_ == end_) return false;
        line = std::string_view(buf_.data() + pos_, end_ - pos_);
        pos_ = end_;
        return true;
      }
      // Keep the part line, read more after it.
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      end_ -= pos_;
      pos_ = 0;
      if (buf_.size() - end_ < (1 << 16)) buf_.resize(buf_.size() * 2);
      int n = gzread(file_.get(), buf_.data() + end_, static_cast<unsigned>(buf_.size() - end_));
      if (n < 0) {
        int code = 0;
        error_ = gzerror(file_.get(), &code);
        return false;
      }
      if (n == 0) eof_ = true;
      end_ += static_cast<std::size_t>(n);
    }
  }
  const std::string& error() const { return error_; }

 private:
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file_;
  std::vector<char> buf_ = std::vector<char>(1 << 20);
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::string error_;
};

}  // namespace

Result<PostcodeSet> read_postcode_file(const std::string& path, const Placer& placer, PostcodeReport& report,
                                       const app::Progress& progress) {
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };
  std::string name = std::filesystem::path(path).filename().string();
  Lines lines(path);
  if (!lines.ok() || std::filesystem::is_directory(path))
    return Error{"not-found", "Cannot read " + path + ": is the path right?", {}};
  std::string_view line;
  if (!lines.next(line)) return Error{"validation-failed", name + " is empty", {}};
  auto layout = detect_postcode_format(line);
  if (!layout) return Error{"validation-failed", name + ": " + layout.error().message, {}};
  report.format = format_name(layout->format);
  say("reading " + name + " as " + report.format);

  PostcodeSet set;
  set.lsoas = placer.lsoas();
  std::vector<std::string_view> fields;
  std::string skip;
  std::int64_t line_no = layout->header ? 1 : 0;
  bool first = !layout->header;
  bool sorted = true;
  auto skipped = [&](const std::string& reason, std::string_view text) {
    ++report.skipped[reason];
    if (report.examples.size() < 5)
      report.examples.push_back("line " + std::to_string(line_no) + ": " + reason + ": " +
                                std::string(text.substr(0, 80)));
  };
  while (first || lines.next(line)) {
    first = false;
    ++line_no;
    if (line.empty() || line == "\r") continue;
    ++report.read;
    split_csv_line(line, fields);
    auto row = parse_postcode_row(*layout, fields, skip);
    if (!row) {
      skipped(skip, line);
      continue;
    }
    Postcode p{Postcode::make_key(row->postcode), row->lat, row->lon, -1, Placement::kGiven};
    if (!row->lsoa.empty()) {
      if (auto i = placer.find(row->lsoa)) {
        p.lsoa = *i;
      } else if (!starts_with(row->lsoa, "E01")) {
        skipped("not in England (LSOA " + std::string(row->lsoa.substr(0, 3)) + "...)", line);
        continue;
      } else if (layout->format == PostcodeFormat::kOnspd) {
        skipped("its LSOA is not among the areas loaded", line);
        continue;
      }
    }
    if (p.lsoa < 0) {
      auto place = placer.place(p.lat, p.lon);
      if (!place) {
        skipped("more than 20 km from the centre of any LSOA in England", line);
        continue;
      }
      p.lsoa = place->lsoa;
      p.placement = place->placement;
    }
    if (!set.rows.empty() && std::memcmp(set.rows.back().key.data(), p.key.data(), p.key.size()) >= 0) sorted = false;
    set.rows.push_back(p);
    if (set.rows.size() % 250000 == 0)
      say("read and placed " + thousands(static_cast<std::int64_t>(set.rows.size())) + " postcodes");
  }
  if (!lines.error().empty()) return Error{"validation-failed", "Cannot read " + name + ": " + lines.error(), {}};

  // In key order, each once (the last of a repeated postcode wins).
  if (!sorted) {
    std::stable_sort(set.rows.begin(), set.rows.end(), [](const Postcode& a, const Postcode& b) {
      return std::memcmp(a.key.data(), b.key.data(), a.key.size()) < 0;
    });
    std::size_t out = 0;
    for (std::size_t i = 0; i < set.rows.size(); ++i) {
      if (i + 1 < set.rows.size() && set.rows[i].key == set.rows[i + 1].key) {
        ++report.skipped["repeated later in the file"];
        continue;
      }
      set.rows[out++] = set.rows[i];
    }
    set.rows.resize(out);
  }
  for (const auto& p : set.rows) ++(uncertain(p.placement) ? report.uncertain : report.certain);
  report.taken = static_cast<std::int64_t>(set.rows.size());
  say("read and placed " + thousands(report.taken) + " postcodes from " + name);
  return set;
}

}  // namespace kith::areas
