// DuplicateView: a sales::DuplicateIndex (sales/duplicate_match.h) over the customers and leads a
// device holds, kept current from the replica's changes (views/view.h), so that the duplicate
// check before saving a lead or customer looks at the few records sharing a phone, an e-mail or
// name letter pairs, not at the store. A converted lead is left out: its customer stands for it.
#pragma once

#include <string>
#include <vector>

#include "model/entity_schema.h"
#include "sales/duplicate_match.h"
#include "views/view.h"

namespace crm {

struct DuplicateHit {
  std::string entity, id;  // "customer" or "lead"
  unsigned reasons = 0;    // sales::MatchReason bits
  double name_score = 0;
};

class DuplicateView : public View {
 public:
  // `default_calling_code`: the country code a number typed without one belongs to ("86").
  explicit DuplicateView(std::string default_calling_code);

  Status load(RecordStore& store) override;
  void on_change(const RecordState& state) override;

  // The records a draft of `entity` (values as typed or held) may duplicate, phone and e-mail
  // matches first; never the record `id` itself (empty for a new record). At most `limit`.
  std::vector<DuplicateHit> matches(const std::string& entity, const std::string& id, const FieldValues& values,
                                    size_t limit = 10) const;
  size_t size() const { return index_.size(); }
  const std::string& calling_code() const { return calling_code_; }
  // Another default country code (the user changed language): takes effect at the next load().
  void set_calling_code(std::string code) { calling_code_ = std::move(code); }

  // What is compared of a customer's or a lead's values (the index's key is "entity/id").
  static sales::MatchProbe probe(const std::string& entity, const std::string& id, const FieldValues& values);

 private:
  std::string calling_code_;
  sales::DuplicateIndex index_;
};

}  // namespace crm
