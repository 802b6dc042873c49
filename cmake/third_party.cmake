# Third-party code, each in a target of its own. Sources come from scripts/setup.sh (third_party/)
# or Debian's headers; nothing here is committed code of theirs.

if(NOT EXISTS ${CRM_THIRD_PARTY}/sqlite/sqlite3.c)
  message(FATAL_ERROR "third_party/sqlite is missing: run scripts/setup.sh")
endif()

# SQLite: the same amalgamation for native and wasm.
add_library(sqlite3_amalgamation STATIC ${CRM_THIRD_PARTY}/sqlite/sqlite3.c)
target_include_directories(sqlite3_amalgamation SYSTEM PUBLIC ${CRM_THIRD_PARTY}/sqlite)
target_compile_definitions(sqlite3_amalgamation PRIVATE
  SQLITE_OMIT_LOAD_EXTENSION SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_DQS=0 SQLITE_ENABLE_FTS5)
set_source_files_properties(${CRM_THIRD_PARTY}/sqlite/sqlite3.c PROPERTIES COMPILE_OPTIONS "-w")
if(EMSCRIPTEN)
  target_compile_definitions(sqlite3_amalgamation PRIVATE SQLITE_THREADSAFE=0)
  target_compile_options(sqlite3_amalgamation PRIVATE -O2)
else()
  target_compile_definitions(sqlite3_amalgamation PRIVATE SQLITE_THREADSAFE=1)
  find_package(Threads REQUIRED)
  target_link_libraries(sqlite3_amalgamation PUBLIC Threads::Threads ${CMAKE_DL_LIBS})
endif()

# Header-only libraries from Debian's -dev packages. The wasm build must not see /usr/include as a
# whole (glibc headers), so each library's folder is linked into a private include dir.
function(crm_debian_headers target subdir)
  set(dir ${CMAKE_BINARY_DIR}/debian_headers/${target})
  file(MAKE_DIRECTORY ${dir})
  if(NOT EXISTS ${dir}/${subdir})
    file(CREATE_LINK /usr/include/${subdir} ${dir}/${subdir} SYMBOLIC)
  endif()
  add_library(${target} INTERFACE)
  target_include_directories(${target} SYSTEM INTERFACE ${dir})
endfunction()

crm_debian_headers(crm_nlohmann_json nlohmann)
add_library(nlohmann_json::nlohmann_json ALIAS crm_nlohmann_json)
crm_debian_headers(crm_catch2 catch2)
crm_debian_headers(crm_rapidjson rapidjson)

# Dear ImGui 1.86 from Debian's source package (third_party/imgui, scripts/setup.sh), with the
# GLFW and OpenGL ES 3 (WebGL2) backends: only the browser build draws.
if(EMSCRIPTEN)
  set(imgui_dir ${CRM_THIRD_PARTY}/imgui)
  add_library(crm_imgui STATIC
    ${imgui_dir}/imgui.cpp ${imgui_dir}/imgui_draw.cpp ${imgui_dir}/imgui_tables.cpp ${imgui_dir}/imgui_widgets.cpp
    ${imgui_dir}/backends/imgui_impl_glfw.cpp ${imgui_dir}/backends/imgui_impl_opengl3.cpp
    ${imgui_dir}/misc/cpp/imgui_stdlib.cpp)
  target_include_directories(crm_imgui SYSTEM PUBLIC ${imgui_dir} ${imgui_dir}/backends)
  target_compile_definitions(crm_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
  target_compile_options(crm_imgui PRIVATE -w)
  target_link_options(crm_imgui PUBLIC -sUSE_GLFW=3)
endif()
