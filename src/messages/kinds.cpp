#include "messages/kinds.h"

#include "core/text.h"
#include "i18n/speaking.h"

namespace kith::messages {

std::string_view choice_name(Choice c) {
  switch (c) {
    case Choice::kEmail:
      return "email";
    case Choice::kText:
      return "text";
    case Choice::kDigest:
      return "digest";
    case Choice::kNever:
      return "never";
  }
  return "email";
}

std::optional<Choice> parse_choice(std::string_view s) {
  for (Choice c : {Choice::kEmail, Choice::kText, Choice::kDigest, Choice::kNever})
    if (choice_name(c) == s) return c;
  return std::nullopt;
}

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> all = {
      {"invitation",
       i18n::msg("Invitations to join"),
       true,
       {},
       true,
       Choice::kEmail,
       i18n::msg("You have been invited to join ((service))"),
       i18n::msg(
           "Hello ((name)),\n\n((invited_by)) has invited you to make an account on ((service)).\n\nTo accept, open "
           "this link within 14 days (it works once):\n\n"
           "((link))\n\nIf you were not expecting this, you can ignore this email."),
       {"name", "link", "invited_by"}},
      {"verify_email",
       i18n::msg("Confirming your email address"),
       true,
       {},
       true,
       Choice::kEmail,
       i18n::msg("Confirm your email address"),
       i18n::msg("Hello,\n\nTo finish making your account on ((service)), confirm your email address by opening this "
                 "link:\n\n"
                 "((link))\n\nIf you did not make an account, you can ignore this email."),
       // No name: it was typed by whoever signed up, who may not own this address.
       {"link"}},
      {"password_reset",
       i18n::msg("Resetting your password"),
       true,
       {},
       true,
       Choice::kEmail,
       i18n::msg("Reset your password"),
       i18n::msg(
           "Hello ((name)),\n\nSomeone asked to reset the password for your account. To choose a new password, "
           "open this link:\n\n((link))\n\nThe link works once and expires soon. If you did not ask, you can ignore "
           "this email: your password has not changed."),
       {"name", "link"}},
      {"account_exists",
       i18n::msg("Someone tried to sign up with your address"),
       true,
       {},
       true,
       Choice::kEmail,
       i18n::msg("You already have an account"),
       i18n::msg("Hello ((name)),\n\nSomeone tried to make a new account with this email address, but you already have "
                 "one. If it was you and you have forgotten your password, you can reset it here:\n\n((link))\n\n"
                 "If it was not you, you can ignore this email."),
       {"name", "link"}},
      {"password_changed",
       i18n::msg("Your password was changed"),
       true,
       {},
       true,
       Choice::kEmail,
       i18n::msg("Your password has been changed"),
       i18n::msg("Hello ((name)),\n\nThe password for your account has just been changed.\n\nIf you did not change it, "
                 "reset your password at once (on the sign-in page, choose \"Forgotten your password?\") and tell "
                 "the people who run this service."),
       {"name"}},
      // Sent once, to the address an erased account had: it holds no name, and the
      // outbox forgets the address once it is sent (outbox_store.cpp, mark_sent).
      {"account_erased",
       i18n::msg("Your account is closed and your data erased"),
       true,
       {},
       false,
       Choice::kEmail,
       i18n::msg("Your account is closed"),
       i18n::msg(
           "Your account is closed, as you asked, and what Kith held about you is erased or no longer linked to "
           "you.\n\nThe timebank's ledger, grant decisions and budget vote counts are kept, as the law requires, "
           "with your name taken off them.\n\nIf you did not ask for this, tell the people who run this service."),
       {}},
      {"offer_response",
       i18n::msg("Someone responds to your offer or request"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("Someone has responded to your post"),
       i18n::msg("Hello ((name)),\n\n((responder)) has responded to your post \"((post_title))\".\n\nTo see their "
                 "message and reply:\n\n((link))"),
       {"name", "post_title", "responder", "link"}},
      {"contact_shared",
       i18n::msg("Someone shares their contact details after you respond"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("Someone has shared their contact details with you"),
       i18n::msg("Hello ((name)),\n\n((poster)) has shared their contact details with you, so you can arrange "
                 "\"((post_title))\" together.\n\nTo see them:\n\n((link))"),
       {"name", "post_title", "poster", "link"}},
      {"member_approved",
       i18n::msg("Your membership of a timebank is approved"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("You can now use the timebank"),
       i18n::msg("Hello ((name)),\n\nA coordinator has approved your membership of ((timebank)). You can now post "
                 "offers and requests, and respond to other members' posts.\n\nTo post an offer:\n\n((link))"),
       {"name", "timebank", "link"}},
      {"member_declined",
       i18n::msg("Your request to join a timebank is declined"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("An update on your request to join a timebank"),
       i18n::msg("Hello ((name)),\n\nA coordinator of ((timebank)) has not approved your request to join.\n\n"
                 "The reason given: ((reason))\n\nYou can ask to join again here:\n\n((link))"),
       {"name", "timebank", "reason", "link"}},
      {"exchange_to_confirm",
       i18n::msg("An exchange is waiting for you to confirm"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("An exchange is waiting for you"),
       i18n::msg(
           "Hello ((name)),\n\nAn exchange of ((hours)) with ((with)) is waiting for you.\n\nTo accept or confirm "
           "it, or to cancel it if it is wrong:\n\n((link))"),
       {"name", "hours", "with", "link"},
       {},
       {"hours"}},
      {"story_published",
       i18n::msg("Your story is published"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("Your story has been published"),
       i18n::msg("Hello ((name)),\n\nThank you. Your story \"((title))\" has been published.\n\nYou can read it "
                 "here:\n\n((link))"),
       {"name", "title", "link"}},
      {"story_kept",
       i18n::msg("Your story is kept for evaluation"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("An update on your story"),
       i18n::msg("Hello ((name)),\n\nThank you for your story \"((title))\". It will not be published, but it has been "
                 "kept to help understand what difference the work makes."),
       {"name", "title"}},
      {"story_declined",
       i18n::msg("Your story is declined"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("An update on your story"),
       i18n::msg(
           "Hello ((name)),\n\nThank you for your story \"((title))\". We are sorry, but it cannot be published.\n\n"
           "The reason given: ((reason))"),
       {"name", "title", "reason"}},
      {"application_to_score",
       i18n::msg("Grant applications given to you to score"),
       false,
       {"panel"},
       true,
       Choice::kEmail,
       i18n::msg("An application is waiting for your score"),
       i18n::msg("Hello ((name)),\n\nAn application in ((round)) has been given to you to score.\n\nTo read and score "
                 "it:\n\n((link))"),
       {"name", "round", "link"}},
      {"application_decision",
       i18n::msg("Decisions on your grant applications"),
       false,
       {},
       true,
       Choice::kEmail,
       i18n::msg("A decision on your application"),
       i18n::msg("Hello ((name)),\n\nThere is a decision on your application \"((project))\" in ((round)): "
                 "((decision)).\n\n((feedback))\n\nTo see the details:\n\n((link))"),
       {"name", "round", "project", "decision", "feedback", "link"},
       {"decision"}},
      {"member_waiting",
       i18n::msg("Members waiting for approval in a timebank"),
       false,
       {"coordinator", "admin"},
       true,
       Choice::kDigest,
       i18n::msg("A member is waiting for approval"),
       i18n::msg("Hello ((name)),\n\n((member)) has asked to join ((timebank)) and is waiting for approval.\n\n"
                 "To approve them:\n\n((link))"),
       {"name", "timebank", "member", "link"}},
      {"moderation_waiting",
       i18n::msg("Suggestions and stories waiting for moderation"),
       false,
       {"moderator"},
       true,
       Choice::kDigest,
       i18n::msg("Something is waiting for moderation"),
       i18n::msg("Hello ((name)),\n\n((what)) is waiting for moderation.\n\nTo look at it:\n\n((link))"),
       {"name", "what", "link"},
       {"what"}},
      // To a GP practice, councillor or agency, when the person agreed to share back:
      // the SNOMED CT concept is the one GP systems record for the referral.
      {"referral_update",
       i18n::msg("What happened to people you referred to coordination"),
       false,
       {"referrer", "coordinator", "team_lead"},
       true,
       Choice::kEmail,
       i18n::msg("An update on a referral you made"),
       i18n::msg("Hello ((name)),\n\nYour referral of ((person)) to coordination has been ((status)).\n\n"
                 "((reason_heading)) ((reason))\n\n"
                 "Recorded as SNOMED CT ((snomed)).\n\nTo see your referrals:\n\n((link))"),
       {"name", "person", "status", "reason_heading", "reason", "snomed", "link"},
       {"status", "reason_heading"}},
      // The daily digest gathers a person's "digest" messages; the sender makes it.
      {"digest",
       i18n::msg("Your daily summary"),
       false,
       {},
       false,
       Choice::kEmail,
       i18n::msg("Your daily summary"),
       i18n::msg("Hello ((name)),\n\nHere is what happened since your last summary.\n\n((items))\n\nTo change which "
                 "messages you get and how:\n\n((settings_link))"),
       {"name", "items", "settings_link"}},
  };
  return all;
}

const Kind* find_kind(std::string_view name) {
  for (const auto& k : kinds())
    if (k.name == name) return &k;
  return nullptr;
}

bool is_private_link(std::string_view kind) { return kind == "verify_email" || kind == "password_reset"; }

std::string fill_fields(std::string_view text, const std::map<std::string, std::string>& fields,
                        std::vector<std::string>* missing) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find("((", i);
    if (open == std::string_view::npos) break;
    std::size_t close = text.find("))", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(i, open - i));
    std::string name(text.substr(open + 2, close - open - 2));
    auto it = fields.find(name);
    if (it != fields.end()) {
      out += it->second;
    } else if (missing) {
      missing->push_back(name);
    }
    i = close + 2;
  }
  out.append(text.substr(i));
  return out;
}

std::string text_to_html(std::string_view text) {
  std::string html;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t end = text.find("\n\n", i);
    if (end == std::string_view::npos) end = text.size();
    std::string para = trim(text.substr(i, end - i));
    if (!para.empty()) {
      std::string escaped = html_escape(para);
      if ((starts_with(para, "https://") || starts_with(para, "http://")) &&
          para.find_first_of(" \n") == std::string::npos) {
        html += "<p><a href=\"" + escaped + "\">" + escaped + "</a></p>\n";
      } else {
        std::string with_breaks;
        for (char c : escaped) with_breaks += c == '\n' ? std::string("<br>\n") : std::string(1, c);
        html += "<p>" + with_breaks + "</p>\n";
      }
    }
    i = end + 2;
  }
  auto language = i18n::speaking();
  std::string lang = "lang=\"" + html_escape(i18n::content_language(*language)) + "\"";
  if (language->right_to_left) lang += " dir=\"rtl\"";
  return "<!DOCTYPE html>\n<html " + lang +
         ">\n<head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: "
         "Arial, sans-serif; font-size: 19px; line-height: 1.3;\">\n" +
         html + "</body>\n</html>\n";
}

Rendered render(const Kind& kind, const std::map<std::string, std::string>& fields, std::vector<std::string>* missing) {
  Rendered r;
  // A subject is one line whatever a field holds.
  std::map<std::string, std::string> said = fields;
  for (const auto& w : kind.worded)
    if (auto it = said.find(w); it != said.end()) it->second = i18n::tr(it->second);
  for (const auto& d : kind.durations)
    if (auto it = said.find(d); it != said.end())
      if (auto minutes = parse_int(it->second)) it->second = i18n::duration_text(*minutes);
  r.subject = fill_fields(i18n::tr(kind.subject), said, missing);
  for (char& c : r.subject)
    if (c == '\r' || c == '\n') c = ' ';
  r.text = fill_fields(i18n::tr(kind.body), said, missing);
  // Every message says which place's Kith it is from (the ones that do not name it already).
  if (kind.body.find("((service))") == std::string::npos)
    r.text += "\n\n" + fill_fields(i18n::tr(i18n::msg("This message is from ((service)).")), said, missing);
  r.html = text_to_html(r.text);
  return r;
}

}  // namespace kith::messages
