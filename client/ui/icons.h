// Icons for navigation and actions: glyphs of Font Awesome 4.7 (Debian's fonts-font-awesome),
// merged into the UI font (browser_main.cpp loads only these code points).
#pragma once

#define ICON_CUSTOMERS "\uf0c0"
#define ICON_NEARBY "\uf124"
#define ICON_VISITS "\uf073"
#define ICON_SETTINGS "\uf013"
#define ICON_ATTENTION "\uf071"
#define ICON_CONFLICTS "\uf126"
#define ICON_PHONE "\uf095"
#define ICON_MAIL "\uf0e0"
#define ICON_MAP "\uf041"
#define ICON_COPY "\uf0c5"
#define ICON_EDIT "\uf040"
#define ICON_DELETE "\uf1f8"
#define ICON_ADD "\uf067"
#define ICON_BACK "\uf053"
#define ICON_SEARCH "\uf002"
#define ICON_CHECK "\uf00c"
#define ICON_CLOSE "\uf00d"
#define ICON_CHECK_IN "\uf041"
#define ICON_SIGN_OUT "\uf08b"
#define ICON_SYNC "\uf021"
#define ICON_ADD_CONTACT "\uf234"
#define ICON_ACTIVITY "\uf075"
#define ICON_CALENDAR "\uf073"
#define ICON_CLOCK "\uf017"
#define ICON_PASTE "\uf0ea"
#define ICON_CIRCLE "\uf111"
#define ICON_NEXT "\uf054"
#define ICON_SORT "\uf0dc"
#define ICON_SAVED "\uf0c7"
#define ICON_CLOUD "\uf0c2"
#define ICON_MORE "\uf0c9"
#define ICON_PRODUCT "\uf1b2"
#define ICON_PRICE_LIST "\uf02c"
#define ICON_TICKET "\uf0ad"
#define ICON_RECORD "\uf15c"
#define ICON_LOCK "\uf023"
#define ICON_FILTER "\uf0b0"
#define ICON_SORT_UP "\uf160"
#define ICON_SORT_DOWN "\uf161"
#define ICON_CAMERA "\uf030"
#define ICON_PIPELINE "\uf0db"
#define ICON_CHART "\uf080"
#define ICON_GRIP "\uf142"
#define ICON_TARGET "\uf140"

namespace crm::ui {
// Every icon above, for the font atlas.
inline constexpr const char* kAllIcons =
    ICON_TARGET ICON_PIPELINE ICON_CHART ICON_GRIP ICON_CUSTOMERS ICON_NEARBY ICON_VISITS ICON_SETTINGS ICON_ATTENTION ICON_CONFLICTS ICON_PHONE ICON_MAIL
        ICON_MAP ICON_COPY ICON_EDIT ICON_DELETE ICON_ADD ICON_BACK ICON_SEARCH ICON_CHECK ICON_CLOSE ICON_SIGN_OUT
            ICON_SYNC ICON_ADD_CONTACT ICON_ACTIVITY ICON_CALENDAR ICON_CLOCK ICON_PASTE ICON_CIRCLE ICON_NEXT
                ICON_SORT ICON_SAVED ICON_CLOUD ICON_MORE ICON_PRODUCT ICON_PRICE_LIST ICON_TICKET ICON_RECORD
                    ICON_LOCK ICON_FILTER ICON_SORT_UP ICON_SORT_DOWN ICON_CAMERA;
}  // namespace crm::ui
