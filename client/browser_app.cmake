# The browser app (wasm only): platform layer + ImGui screens + entry point, linked with the same
# crm_core as the server. Output: crm_app.js, crm_app.wasm and fonts/ui.ttc in this build folder,
# served next to web/ by crm-server.
add_library(crm_ui STATIC
  ui/shell.cpp
  ui/layout.cpp
  ui/theme.cpp
  ui/touch_scroll.cpp
  ui/links.cpp
  ui/date_picker.cpp
  ui/probe.cpp
  ui/widgets.cpp
  ui/record_fields.cpp
  ui/photos.cpp
  ui/screens/nearby_screen.cpp
  ui/screens/sign_in_screen.cpp
  ui/screens/customers_screen.cpp
  ui/screens/record_list_screen.cpp
  ui/screens/record_screen.cpp
  ui/screens/lead_convert.cpp
  ui/screens/quote_panel.cpp
  ui/screens/duplicate_warning.cpp
  ui/screens/customer_merge.cpp
  ui/screens/customer_detail_screen.cpp
  ui/screens/pool_panel.cpp
  ui/screens/edit_screen.cpp
  ui/screens/check_in_screen.cpp
  ui/screens/conflicts_screen.cpp
  ui/screens/attention_screen.cpp
  ui/screens/visits_screen.cpp
  ui/screens/settings_screen.cpp
  ui/screens/status_bar.cpp
  ui/screens/pipeline_screen.cpp
  ui/screens/funnel_screen.cpp
  ui/screens/targets_screen.cpp
  ui/screens/pipeline_view_text.cpp
  ui/screens/contract_panel.cpp
  ui/screens/collection_screen.cpp
  ui/screens/customer_360.cpp
)
target_link_libraries(crm_ui PUBLIC crm_client_app crm_imgui)
target_compile_options(crm_ui PRIVATE ${CRM_WARNINGS})

add_library(crm_browser_platform STATIC platform/browser_platform.cpp platform/browser_files.cpp)
target_link_libraries(crm_browser_platform PUBLIC crm_client_app)
target_compile_options(crm_browser_platform PRIVATE ${CRM_WARNINGS})

add_executable(crm_app browser_main.cpp browser_exports.cpp pipeline_bench_exports.cpp collection_bench_exports.cpp)
target_link_libraries(crm_app PRIVATE crm_ui crm_browser_platform)
target_compile_options(crm_app PRIVATE ${CRM_WARNINGS})
target_link_options(crm_app PRIVATE
  -sUSE_GLFW=3 -sFULL_ES3=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sFORCE_FILESYSTEM=1
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=FS,UTF8ToString,stringToUTF8,lengthBytesUTF8)

# The CJK and Cyrillic font from Debian's fonts-wqy-microhei, the icons from fonts-font-awesome
# (scripts/setup.sh installs both).
set(CRM_UI_FONT /usr/share/fonts/truetype/wqy/wqy-microhei.ttc CACHE FILEPATH "CJK-capable UI font")
set(CRM_ICON_FONT /usr/share/fonts/truetype/font-awesome/fontawesome-webfont.ttf CACHE FILEPATH "Font Awesome 4 icons")
add_custom_command(TARGET crm_app POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E make_directory $<TARGET_FILE_DIR:crm_app>/fonts
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${CRM_UI_FONT} $<TARGET_FILE_DIR:crm_app>/fonts/ui.ttc
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${CRM_ICON_FONT} $<TARGET_FILE_DIR:crm_app>/fonts/icons.ttf)
