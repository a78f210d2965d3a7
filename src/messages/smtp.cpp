// The SMTP transport: one email per message to a council's relay through libcurl,
// STARTTLS required unless the operator turns it off. A 5xx answer to RCPT TO is
// a refusal of the address (bounced); a 4xx or no answer is passing (retried).
#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <vector>

#include "core/crypto.h"
#include "core/text.h"
#include "messages/curl_client.h"
#include "messages/messages.h"
#include "messages/transport.h"

namespace kith::messages {

namespace {

struct Upload {
  const std::string* data;
  std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t room = size * n;
  std::size_t left = u->data->size() - u->at;
  std::size_t take = left < room ? left : room;
  std::memcpy(buffer, u->data->data() + u->at, take);
  u->at += take;
  return take;
}

// The relay's reply lines ("550 5.1.1 No such mailbox here"), the last few, kept from
// libcurl's debug stream: its error buffer says only "RCPT failed: 550", losing the
// relay's words.
int keep_reply(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  // Printable ASCII only, and not too long: it is shown to admins and kept.
  std::string clean;
  for (char ch : line.substr(0, 300)) clean += ch >= 0x20 && ch < 0x7f ? ch : ' ';
  auto* lines = static_cast<std::vector<std::string>*>(user);
  if (lines->size() == 8) lines->erase(lines->begin());
  lines->push_back(clean);
  return 0;
}

// The last reply line that gave `code` ("" when there is none).
std::string reply_with(const std::vector<std::string>& lines, long code) {
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (starts_with(*it, std::to_string(code))) return *it;
  return "";
}

// The bare address in "Name <a@b>" or "a@b".
std::string bare_address(const std::string& from) {
  auto open = from.find('<');
  auto close = from.find('>', open == std::string::npos ? 0 : open);
  if (open != std::string::npos && close != std::string::npos) return from.substr(open + 1, close - open - 1);
  return trim(from);
}

class SmtpTransport : public Transport {
 public:
  explicit SmtpTransport(SmtpSettings s) : settings_(std::move(s)) {
    std::string from = bare_address(settings_.from);
    auto at = from.find('@');
    domain_ = at == std::string::npos ? "kith.invalid" : from.substr(at + 1);
  }
  std::string name() const override { return "smtp"; }

  SendResult send(const Outgoing& m) override {
    SendResult r;
    if (m.channel == Channel::kSms) {
      r.outcome = SendResult::Outcome::kFailed;
      r.error = "An SMTP relay cannot send texts: use GOV.UK Notify to send texts.";
      return r;
    }
    Email e;
    e.from = settings_.from;
    e.to = m.to;
    e.subject = m.content.subject;
    e.text = m.content.text;
    e.html = m.content.html;
    e.unsubscribe_url = m.unsubscribe_url;
    e.message_id = "<" + sha256_hex(m.key).substr(0, 32) + "@" + domain_ + ">";
    e.date = m.now;
    std::string wire = format_email(e);

    thread_local std::unique_ptr<CURL, CurlEasyDeleter> handle(curl_easy_init());
    CURL* c = handle.get();
    curl_easy_reset(c);
    char error[CURL_ERROR_SIZE] = {0};
    std::string from = "<" + bare_address(settings_.from) + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
    Upload upload{&wire};
    curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(
        c, CURLOPT_USE_SSL,
        settings_.require_starttls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_NONE));
    if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
    if (!settings_.user.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    std::vector<std::string> replies;
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, keep_reply);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &replies);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // only to the callback above
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpt);
    if (rc == CURLE_OK) {
      r.outcome = SendResult::Outcome::kSent;
      r.reference = e.message_id;
      return r;
    }
    std::string words = error[0] ? error : curl_easy_strerror(rc);
    // In the relay's own words where it answered ("550 5.1.1 No such mailbox here").
    if (std::string reply = code ? reply_with(replies, code) : ""; !reply.empty())
      r.error = "The SMTP relay answered " + reply + " (" + words + ")";
    else
      r.error =
          "The SMTP relay " + (code ? "answered " + std::to_string(code) + ": " : std::string("failed: ")) + words;
    if (code >= 500 && code < 600) {
      bool rcpt_refused = words.find("RCPT") != std::string::npos || code == 550 || code == 551 || code == 553;
      r.outcome = rcpt_refused ? SendResult::Outcome::kBounced : SendResult::Outcome::kFailed;
    }
    return r;
  }

 private:
  SmtpSettings settings_;
  std::string domain_;
};

}  // namespace

std::unique_ptr<Transport> make_smtp(const SmtpSettings& settings, std::string* error) {
  std::string problem;
  if (!starts_with(settings.url, "smtp://") && !starts_with(settings.url, "smtps://"))
    problem = "The SMTP relay's address must start smtp:// (or smtps://), e.g. smtp://relay.example.gov.uk:587.";
  else if (bare_address(settings.from).find('@') == std::string::npos)
    problem = "Give the address emails come from, e.g. \"Kith <kith@example.gov.uk>\".";
  if (!problem.empty()) {
    if (error) *error = problem;
    return nullptr;
  }
  curl_init_once();
  return std::make_unique<SmtpTransport>(settings);
}

}  // namespace kith::messages
