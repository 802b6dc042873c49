// Keys of what the app keeps in the local store's meta table. "setting.*" keys belong to the
// device and survive a change of user; the rest belongs to the signed-in user.
#pragma once

namespace crm {

inline constexpr const char* kServerKey = "server";
inline constexpr const char* kUserKey = "user";
inline constexpr const char* kRoleKey = "role";
inline constexpr const char* kTokenKey = "token";
inline constexpr const char* kRefreshKey = "refresh_token";
inline constexpr const char* kLanguageKey = "setting.language";
inline constexpr const char* kGeofenceKey = "setting.geofence_m";
inline constexpr const char* kLastSyncKey = "sync.last_success_ms";

}  // namespace crm
