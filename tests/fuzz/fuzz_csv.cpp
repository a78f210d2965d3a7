// The CSV reader (core/csv.h) over any bytes, and its agreement with the writer: a
// record written by csv_line reads back as the same fields, but for a cell a
// spreadsheet would run as a formula, which reads back with the writer's leading '.
#include <fuzzer/FuzzedDataProvider.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/csv.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::istringstream in(std::string(kith::fuzz::text(data, size)));
    kith::CsvReader reader(in);
    auto header = reader.header();
    std::vector<std::string> fields;
    std::size_t last = reader.line();
    while (reader.next(fields)) {
      if (fields.empty()) kith::fuzz::fail("a record with no fields");
      if (reader.line() <= last) kith::fuzz::fail("line numbers must grow");
      last = reader.line();
    }
  }
  // The same bytes as fields: write them as lines, read them back.
  FuzzedDataProvider fdp(data, size);
  std::vector<std::vector<std::string>> records;
  std::string file;
  while (fdp.remaining_bytes() > 0 && records.size() < 16) {
    std::vector<std::string> record(fdp.ConsumeIntegralInRange<int>(1, 8));
    for (auto& f : record) f = fdp.ConsumeRandomLengthString(32);
    file += kith::csv_line(record);
    for (auto& f : record)
      if (kith::csv_formula(f)) f = "'" + f;  // neutralised (OWASP's rule)
    records.push_back(std::move(record));
  }
  // A first field that starts with a byte order mark loses it, as a BOM should be.
  if (file.rfind("\xEF\xBB\xBF", 0) == 0) return 0;
  std::istringstream in(file);
  kith::CsvReader reader(in);
  std::vector<std::string> fields;
  for (const auto& record : records) {
    if (!reader.next(fields)) kith::fuzz::fail("a written record was not read back");
    if (fields != record) kith::fuzz::fail("a written record read back differently");
  }
  if (reader.next(fields)) kith::fuzz::fail("more records read than written");
  return 0;
}
