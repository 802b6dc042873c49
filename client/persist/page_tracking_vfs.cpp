#include "persist/page_tracking_vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <new>
#include <set>

namespace crm {
namespace {

struct TrackingVfs {
  sqlite3_vfs vfs;
  sqlite3_vfs* real;
  CommitSink* sink;
  std::string name;
};

// The wrapper file: SQLite allocates szOsFile bytes; the real file's struct follows ours.
struct TrackedFile {
  sqlite3_file base;
  sqlite3_file* real;
  TrackingVfs* owner;
  bool tracked;               // the main database (journals and temp files are not persisted)
  bool size_changed;
  std::set<int64_t>* dirty;   // chunk indexes written since the last report
  std::string* path;
};

TrackedFile* tf(sqlite3_file* f) { return reinterpret_cast<TrackedFile*>(f); }

int report(TrackedFile* f) {
  if (!f->tracked || (f->dirty->empty() && !f->size_changed)) return SQLITE_OK;
  sqlite3_int64 size = 0;
  int rc = f->real->pMethods->xFileSize(f->real, &size);
  if (rc != SQLITE_OK) return rc;
  FileCommit commit;
  commit.path = *f->path;
  commit.size = size;
  commit.chunks.reserve(f->dirty->size());
  for (int64_t index : *f->dirty) {
    const int64_t offset = index * kPersistChunkSize;
    if (offset >= size) continue;
    const int64_t n = std::min<int64_t>(kPersistChunkSize, size - offset);
    ChunkWrite w{index, std::string(static_cast<size_t>(n), '\0')};
    rc = f->real->pMethods->xRead(f->real, w.bytes.data(), static_cast<int>(n), offset);
    if (rc != SQLITE_OK) return rc;
    commit.chunks.push_back(std::move(w));
  }
  f->owner->sink->on_commit(commit);
  f->dirty->clear();
  f->size_changed = false;
  return SQLITE_OK;
}

int x_close(sqlite3_file* f) {
  auto* t = tf(f);
  report(t);
  int rc = t->real->pMethods ? t->real->pMethods->xClose(t->real) : SQLITE_OK;
  delete t->dirty;
  delete t->path;
  return rc;
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return tf(f)->real->pMethods->xRead(tf(f)->real, buf, n, off);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  auto* t = tf(f);
  int rc = t->real->pMethods->xWrite(t->real, buf, n, off);
  if (rc == SQLITE_OK && t->tracked && n > 0) {
    for (int64_t c = off / kPersistChunkSize; c <= (off + n - 1) / kPersistChunkSize; ++c) t->dirty->insert(c);
    t->size_changed = true;  // cheap to over-report: the size is re-read at report time
  }
  return rc;
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  auto* t = tf(f);
  int rc = t->real->pMethods->xTruncate(t->real, size);
  if (rc == SQLITE_OK && t->tracked) {
    t->size_changed = true;
    // The last surviving chunk may have been cut short.
    if (size % kPersistChunkSize) t->dirty->insert(size / kPersistChunkSize);
  }
  return rc;
}
int x_sync(sqlite3_file* f, int flags) {
  auto* t = tf(f);
  int rc = t->real->pMethods->xSync(t->real, flags);
  return rc == SQLITE_OK ? report(t) : rc;
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return tf(f)->real->pMethods->xFileSize(tf(f)->real, size); }
int x_lock(sqlite3_file* f, int level) { return tf(f)->real->pMethods->xLock(tf(f)->real, level); }
int x_unlock(sqlite3_file* f, int level) {
  auto* t = tf(f);
  // Leaving a write transaction without a sync (synchronous=OFF, a rollback): report now.
  if (level <= SQLITE_LOCK_SHARED) report(t);
  return t->real->pMethods->xUnlock(t->real, level);
}
int x_check_reserved(sqlite3_file* f, int* out) {
  return tf(f)->real->pMethods->xCheckReservedLock(tf(f)->real, out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  return tf(f)->real->pMethods->xFileControl(tf(f)->real, op, arg);
}
int x_sector_size(sqlite3_file* f) { return tf(f)->real->pMethods->xSectorSize(tf(f)->real); }
int x_device_characteristics(sqlite3_file* f) {
  return tf(f)->real->pMethods->xDeviceCharacteristics(tf(f)->real);
}

// Version 1: no shared memory (no WAL) and no memory mapping, so every change goes through xWrite.
const sqlite3_io_methods kMethods = {
    1,      x_close,       x_read,          x_write,        x_truncate,    x_sync,
    x_file_size, x_lock,   x_unlock,        x_check_reserved, x_file_control, x_sector_size,
    x_device_characteristics,
};

TrackingVfs* owner(sqlite3_vfs* v) { return static_cast<TrackingVfs*>(v->pAppData); }

int x_open(sqlite3_vfs* v, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  auto* o = owner(v);
  auto* t = tf(f);
  t->real = reinterpret_cast<sqlite3_file*>(t + 1);
  t->base.pMethods = nullptr;
  int rc = o->real->xOpen(o->real, name, t->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;
  t->owner = o;
  t->tracked = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  t->size_changed = false;
  t->dirty = new (std::nothrow) std::set<int64_t>();
  t->path = new (std::nothrow) std::string(name ? name : "");
  if (!t->dirty || !t->path) {
    t->real->pMethods->xClose(t->real);
    delete t->dirty;
    delete t->path;
    return SQLITE_NOMEM;
  }
  t->base.pMethods = &kMethods;
  return SQLITE_OK;
}
int x_delete(sqlite3_vfs* v, const char* name, int sync) { return owner(v)->real->xDelete(owner(v)->real, name, sync); }
int x_access(sqlite3_vfs* v, const char* name, int flags, int* out) {
  return owner(v)->real->xAccess(owner(v)->real, name, flags, out);
}
int x_full_pathname(sqlite3_vfs* v, const char* name, int n, char* out) {
  return owner(v)->real->xFullPathname(owner(v)->real, name, n, out);
}
int x_randomness(sqlite3_vfs* v, int n, char* out) { return owner(v)->real->xRandomness(owner(v)->real, n, out); }
int x_sleep(sqlite3_vfs* v, int us) { return owner(v)->real->xSleep(owner(v)->real, us); }
int x_current_time(sqlite3_vfs* v, double* out) { return owner(v)->real->xCurrentTime(owner(v)->real, out); }
int x_get_last_error(sqlite3_vfs* v, int n, char* out) {
  return owner(v)->real->xGetLastError ? owner(v)->real->xGetLastError(owner(v)->real, n, out) : 0;
}

}  // namespace

Status register_page_tracking_vfs(const std::string& name, CommitSink* sink) {
  if (sqlite3_initialize() != SQLITE_OK) return make_error("storage_error", "SQLite failed to initialise");
  if (sqlite3_vfs* existing = sqlite3_vfs_find(name.c_str())) {
    if (existing->xOpen != x_open) return make_error("storage_error", "a different VFS is named '" + name + "'");
    owner(existing)->sink = sink;
    return ok_status();
  }
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (!real) return make_error("storage_error", "SQLite has no default VFS");
  auto* o = new TrackingVfs{};  // lives as long as the process: SQLite keeps the pointer
  o->real = real;
  o->sink = sink;
  o->name = name;
  o->vfs.iVersion = 1;
  o->vfs.szOsFile = static_cast<int>(sizeof(TrackedFile)) + real->szOsFile;
  o->vfs.mxPathname = real->mxPathname;
  o->vfs.zName = o->name.c_str();
  o->vfs.pAppData = o;
  o->vfs.xOpen = x_open;
  o->vfs.xDelete = x_delete;
  o->vfs.xAccess = x_access;
  o->vfs.xFullPathname = x_full_pathname;
  o->vfs.xRandomness = x_randomness;
  o->vfs.xSleep = x_sleep;
  o->vfs.xCurrentTime = x_current_time;
  o->vfs.xGetLastError = x_get_last_error;
  if (sqlite3_vfs_register(&o->vfs, 0) != SQLITE_OK) {
    delete o;
    return make_error("storage_error", "cannot register VFS '" + name + "'");
  }
  return ok_status();
}

}  // namespace crm
