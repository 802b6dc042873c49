// The targets and commission screen's words: rows of {key, English (null: the key is the
// English text), Chinese, Russian} (catalog.cpp).
namespace crm {

extern const char* const kCommissionCatalog[][4];
const char* const kCommissionCatalog[][4] = {
    {"Targets and commission", nullptr, "目标与提成", "Планы и комиссия"},
    {"Previous period", nullptr, "上一期", "Предыдущий период"},
    {"Next period", nullptr, "下一期", "Следующий период"},
    {"Collected", nullptr, "回款", "Поступления"},
    {"No target", nullptr, "未设目标", "План не задан"},
    {"%s of the target %s", nullptr, "%s，目标 %s", "%s из плана %s"},
    {"Commission: %s", nullptr, "提成：%s", "Комиссия: %s"},
    {"Rule: %s", nullptr, "规则：%s", "Правило: %s"},
    {"No commission rule applies", nullptr, "没有适用的提成规则", "Правило комиссии не задано"},
    {"Receipts behind it", nullptr, "计提依据的回款", "Поступления, с которых начислено"},
    {"Won deals behind it", nullptr, "计提依据的赢单", "Выигранные сделки, с которых начислено"},
    {"Nothing in this period", nullptr, "本期没有记录", "За этот период ничего нет"},
    {"Commission %s at %s", nullptr, "提成 %s（费率 %s）", "Комиссия %s по ставке %s"},
    {"People", nullptr, "人员", "Сотрудники"},
    {"Teams", nullptr, "团队", "Команды"},
    {"Team %s", nullptr, "团队 %s", "Команда %s"},
    {"Everyone this device holds", nullptr, "本设备上的所有人", "Все, кто есть на этом устройстве"},
    {"Show receipts", nullptr, "查看回款", "Показать поступления"},
    {"Hide receipts", nullptr, "收起回款", "Скрыть поступления"},
    {"Not counted (another currency): %d", nullptr, "未计入（其他币种）：%d", "Не учтено (другая валюта): %d"},
    {"No targets or sales in this period", nullptr, "本期没有目标或业绩", "За этот период нет планов и продаж"},
    {"Computed on this device from the records it holds.", nullptr, "由本设备根据已有记录计算。",
     "Рассчитано на этом устройстве по имеющимся записям."},
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace crm
