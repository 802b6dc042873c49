// The words of contracts, payment plans, orders, payment collection and the customer's 360
// sections: rows of {key, English (null: the key is the English text), Chinese, Russian}
// (catalog.cpp). Keys "<entity>.<field>.<code>" are a choice's words where the bare code means
// something else elsewhere (app/catalog.h, tr_choice).
namespace crm {

extern const char* const kContractsCatalog[][4];
const char* const kContractsCatalog[][4] = {
    // Choices in context
    {"contract.status.draft", "Draft", "草稿", "Черновик"},
    {"contract.status.active", "Active", "生效", "Действует"},
    {"contract.status.expired", "Expired", "已到期", "Истёк"},
    {"contract.status.terminated", "Terminated", "已终止", "Расторгнут"},
    {"sales_order.status.open", "Open", "待交付", "Открыт"},
    {"sales_order.status.delivered", "Delivered", "已交付", "Доставлен"},
    {"sales_order.status.cancelled", "Cancelled", "已取消", "Отменён"},
    {"invoice.status.issued", "Issued", "已开具", "Выставлен"},
    {"invoice.status.cancelled", "Cancelled", "已作废", "Аннулирован"},
    {"receipt.method.other", "Other", "其他方式", "Другой способ"},
    // Payment plan and contract actions
    {"Payment plan", nullptr, "回款计划", "График платежей"},
    {"Split into %d equal instalments", nullptr, "平均分为 %d 期", "Разделить на %d равных платежей"},
    {"Number of instalments", nullptr, "期数", "Число платежей"},
    {"First due", nullptr, "首期到期日", "Первый срок"},
    {"The plan adds up to the contract amount", nullptr, "回款计划与合同金额一致", "График совпадает с суммой договора"},
    {"The plan is %s short of the contract amount", nullptr, "回款计划比合同金额少 %s", "Графику не хватает %s до суммы договора"},
    {"The plan is %s over the contract amount", nullptr, "回款计划比合同金额多 %s", "График превышает сумму договора на %s"},
    {"Make a contract", nullptr, "生成合同", "Создать договор"},
    {"Make an order", nullptr, "生成订单", "Создать заказ"},
    {"Pending (numbered on sync)", nullptr, "待编号（同步后分配）", "Ожидает номера (после синхронизации)"},
    {"Ends in %d days", nullptr, "%d 天后到期", "Истекает через %d дн."},
    {"Ended %d days ago", nullptr, "已过期 %d 天", "Истёк %d дн. назад"},
    // Collection
    {"Collection", nullptr, "回款", "Поступления"},
    {"Received amount", nullptr, "已回款", "Получено"},
    {"Outstanding", nullptr, "未回款", "Остаток"},
    {"Overdue", nullptr, "逾期", "Просрочено"},
    {"Overpaid", nullptr, "多收", "Переплата"},
    {"Invoiced, unpaid", nullptr, "已开票未回款", "Выставлено, не оплачено"},
    {"Overdue instalments", nullptr, "逾期回款", "Просроченные платежи"},
    {"%d days overdue", nullptr, "逾期 %d 天", "Просрочено на %d дн."},
    {"Nothing is overdue", nullptr, "没有逾期回款", "Просроченных платежей нет"},
    {"Record a receipt", nullptr, "登记回款", "Внести поступление"},
    {"More than outstanding by %s: check before saving", nullptr, "超出未回款金额 %s，请核对后保存",
     "Больше остатка на %s: проверьте перед сохранением"},
    {"My collection", nullptr, "我的回款", "Мои поступления"},
    {"Everyone's collection", nullptr, "全部回款", "Все поступления"},
    {"Outstanding balance", nullptr, "未回款余额", "Непогашенный остаток"},
    {"%d receipts wait for their instalment or have another currency", nullptr, "%d 笔回款待匹配回款计划或币种不符",
     "%d поступл. ждут свой платёж или в другой валюте"},
    {"Activate", nullptr, "生效", "Ввести в действие"},
    {"%d opportunities, %d quotes, %d contracts, %d orders", nullptr, "%d 个商机，%d 份报价，%d 份合同，%d 个订单",
     "Сделок: %d, предложений: %d, договоров: %d, заказов: %d"},
    // Error codes
    {"plan_mismatch", "The payment plan does not add up to the contract amount.", "回款计划与合同金额不一致。",
     "График платежей не совпадает с суммой договора."},
    {"plan_exists", "The contract has a payment plan already.", "该合同已有回款计划。", "У договора уже есть график платежей."},
    {"not_accepted", "Only an accepted quote (or a signed contract) can be used for this.", "只有已接受的报价（或已生效的合同）才能这样做。",
     "Это можно сделать только с принятым предложением (или действующим договором)."},
    {"target_deleted", "The record this would make was deleted on this device.", "要生成的记录已在本设备删除。",
     "Запись, которую это создало бы, удалена на этом устройстве."},
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace crm
