// The words of the quote screens (ui/screens/quote_panel.cpp) and the printable quote
// (app/quote_print.cpp): rows of {key, English (null: the key is the English text), Chinese,
// Russian} (catalog.cpp).
namespace crm {

extern const char* const kQuotesCatalog[][4];
const char* const kQuotesCatalog[][4] = {
    // The entity and field added with quotes
    {"Revisions", nullptr, "历史版本", "Редакции"},
    {"Company header", nullptr, "公司抬头", "Шапка компании"},
    {"Content", nullptr, "内容", "Содержание"},
    {"Snapshot", nullptr, "快照", "Снимок"},
    // Moves
    {"Submit for approval", nullptr, "提交审批", "Отправить на согласование"},
    {"Approve", nullptr, "批准", "Согласовать"},
    {"Reject", nullptr, "驳回", "Отклонить"},
    {"Mark as sent", nullptr, "标记为已发送", "Отметить как отправленное"},
    {"Customer accepted", nullptr, "客户已接受", "Клиент принял"},
    {"Customer declined", nullptr, "客户已拒绝", "Клиент отказался"},
    {"Expired", nullptr, "已过期", "Истёк"},
    {"New revision", nullptr, "新建版本", "Новая редакция"},
    {"Back to draft", nullptr, "退回草稿", "Вернуть в черновик"},
    // Errors
    {"A discount above the threshold needs a manager's approval first.", nullptr, "折扣超过审批线，需先经经理批准。",
     "Скидка выше порога: сначала нужно согласование руководителя."},
    {"No price for this product in the quote's currency.", nullptr, "该产品没有此报价币种的价格。",
     "Для этого товара нет цены в валюте предложения."},
    {"Only a manager or an admin approves or rejects quotes.", nullptr, "只有经理或管理员可以审批报价。",
     "Согласовывать предложения могут только руководитель или администратор."},
    {"This quote cannot make that move now.", nullptr, "报价单当前不能进行此操作。",
     "Сейчас с этим предложением так поступить нельзя."},
    // The panel
    {"Add a product", nullptr, "添加产品", "Добавить товар"},
    {"Below the minimum order quantity (%s)", nullptr, "低于最小起订量（%s）", "Меньше минимальной партии (%s)"},
    {"List total", nullptr, "原价合计", "Сумма по прайсу"},
    {"Discount", nullptr, "折扣", "Скидка"},
    {"Net", nullptr, "未税金额", "Без налога"},
    {"Tax", nullptr, "税额", "Налог"},
    {"Total", nullptr, "含税总额", "Итого"},
    {"A discount above %s%% needs a manager's approval.", nullptr, "折扣超过 %s%% 需经理审批。",
     "Скидка выше %s%% требует согласования руководителя."},
    {"No discount above %s%%: no approval needed.", nullptr, "没有超过 %s%% 的折扣，无需审批。",
     "Скидок выше %s%% нет: согласование не нужно."},
    {"no longer counts: the quote changed", nullptr, "已失效：报价单已修改", "больше не действует: предложение изменилось"},
    {"Delivery by %s", nullptr, "预计交付：%s", "Поставка к %s"},
    {"Delivery by", nullptr, "预计交付", "Поставка к"},
    {"Print", nullptr, "打印", "Печать"},
    {"Earlier revisions", nullptr, "历史版本", "Прежние редакции"},
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace crm
