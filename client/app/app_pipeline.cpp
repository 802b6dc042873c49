// The app's pipeline: the board, funnel and forecast view and stage moves (app.h).
#include "app/app.h"
#include "model/field_input.h"
#include "replica/stage_move_edit.h"

namespace crm {

PipelineView* App::pipeline() {
  if (pipeline_ || !replica_) return pipeline_;
  auto made = views_.add(std::make_unique<PipelineView>(), replica_->store());
  if (!made) return nullptr;
  pipeline_ = made.value();
  PipelineFilter f;
  f.me = session_.username;
  f.scope = session_.role == kRoleSales     ? PipelineScope::kMine
            : session_.role == kRoleManager ? PipelineScope::kTeam
                                            : PipelineScope::kEveryone;
  pipeline_->set_filter(f);
  return pipeline_;
}

FormOutcome App::move_stage(const std::string& opportunity_id, const std::string& stage,
                            const std::map<std::string, std::string>& typed, int tz_offset_min) {
  FormOutcome out;
  const EntitySchema* schema = find_schema("opportunity");
  if (!schema || !replica_) {
    out.error = make_error("unknown_entity", "opportunity");
    return out;
  }
  FieldValues extra;
  for (const auto& [name, text] : typed) {
    const FieldSpec* spec = schema->field(name);
    if (!spec || text.empty()) continue;  // an empty box asks for nothing: the rules say if it was needed
    auto v = parse_field_input(*spec, text);
    if (!v) out.field_errors[name] = v.error().code;
    else extra[name] = v.value();
  }
  if (!out.field_errors.empty()) return out;
  const int64_t now = clock_.now_ms();
  auto moved = crm::move_stage(*replica_, opportunity_id,
                               sales::StageMoveInput{.to = stage, .extra = extra, .by = session_.username,
                                                     .at_ms = now, .today = local_date(now, tz_offset_min)});
  if (!moved) {
    // A failure after the first write leaves views with states the transaction rolled back.
    (void)views_.load(replica_->store());
    ++data_version_;
    if (!moved.error().field.empty()) out.field_errors[moved.error().field] = moved.error().code;
    else out.error = moved.error();
    return out;
  }
  out.ok = true;
  out.id = opportunity_id;
  after_local_change();
  return out;
}

}  // namespace crm
