import type { MailMessages } from './en';

/** Traditional Chinese. */
const zhHant: MailMessages = {
  orderPaid: {
    subject: '您的門票：{{tour}} · {{show}}',
    greeting: '{{name}}，您好：',
    paid: '感謝您的購買！付款已成功，您的門票已準備就緒。',
    show: '演出：{{tour}} · {{show}}',
    when: '時間：{{date}}（{{timeZone}}）',
    where: '地點：{{venue}}',
    seats_other: '您的 {{count}} 個座位：',
    seat: '{{section}} 區 {{row}} 排 {{number}} 號：{{price}}',
    total: '實付總額：{{total}}',
    order: '訂單編號：{{orderId}}',
    tickets: '查看門票及 QR 碼：{{url}}',
    gate: '入場時請出示每張門票的 QR 碼。每個 QR 碼僅限一人入場一次。',
    signOff: '演出現場見！\nSeatRush',
  },
};

export default zhHant;
