#include "web/resubmitted.h"

#include "core/text.h"

namespace kith::web {

Input resubmitted(const Ctx& ctx) {
  if (ctx.is_api) return Input::from_form("");
  if (ctx.req.multipart) return Input::from_parts(ctx.req.parts);
  if (ctx.req.body.empty() ||
      !starts_with(to_lower(ctx.req.header("content-type")), "application/x-www-form-urlencoded"))
    return Input::from_form("");
  return Input::from_form(ctx.req.body);
}

}  // namespace kith::web
