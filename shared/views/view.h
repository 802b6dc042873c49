// Computed views: answers the app shows (a list, a record's children, later the pipeline board,
// reminders and reports) held in memory and kept current from the replica's change observer, so
// that drawing a frame neither runs SQL nor decodes JSON. A view is loaded once from the store,
// then applies each stored state as it happens (incremental: the changed record, not a rebuild).
//
// Contract for a view: load() reads everything it needs (at start, after the store was reset, or
// after a transaction whose changes it had applied failed); on_change() is called with every
// state the replica stores (any entity: a view ignores what it does not hold), inside the
// writing transaction, so it must not touch the store; version() bumps whenever its answers
// change, so screens and derived caches can tell when to recompute.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/result.h"
#include "crdt/record.h"
#include "store/record_store.h"

namespace crm {

class View {
 public:
  virtual ~View() = default;
  virtual Status load(RecordStore& store) = 0;
  virtual void on_change(const RecordState& state) = 0;
  uint64_t version() const { return version_; }

 protected:
  void changed() { ++version_; }

 private:
  uint64_t version_ = 0;
};

// The views of one replica: each change goes to every view. Views made on demand (a list opened
// for the first time) are loaded when added.
class ViewSet {
 public:
  // Adds a view the set owns; loads it from `store` first. Returns it, or the load's error.
  template <class V>
  Result<V*> add(std::unique_ptr<V> view, RecordStore& store) {
    V* raw = view.get();
    CRM_TRY(raw->load(store));
    owned_.push_back(std::move(view));
    views_.push_back(raw);
    return raw;
  }
  // Adds a view owned elsewhere (it must outlive the set); not loaded here.
  void attach(View& view) { views_.push_back(&view); }
  void on_change(const RecordState& state) {
    for (View* v : views_) v->on_change(state);
  }
  // Reloads every view (the store was reopened or a transaction failed).
  Status load(RecordStore& store) {
    for (View* v : views_) CRM_TRY(v->load(store));
    return ok_status();
  }
  // Drops the views the set owns (a new replica), keeping the attached ones.
  void drop_owned() {
    std::vector<View*> kept;
    for (View* v : views_) {
      bool owned = false;
      for (const auto& o : owned_) owned = owned || o.get() == v;
      if (!owned) kept.push_back(v);
    }
    views_ = std::move(kept);
    owned_.clear();
  }

 private:
  std::vector<std::unique_ptr<View>> owned_;
  std::vector<View*> views_;
};

}  // namespace crm
