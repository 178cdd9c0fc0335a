import type { MailMessages } from './en';

/** Japanese. */
const ja: MailMessages = {
  orderPaid: {
    subject: 'チケットのご案内: {{tour}} · {{show}}',
    greeting: '{{name}} 様',
    paid: 'ありがとうございます。お支払いが完了し、チケットの準備ができました。',
    show: '公演: {{tour}} · {{show}}',
    when: '日時: {{date}}（{{timeZone}}）',
    where: '会場: {{venue}}',
    seats_other: 'お座席（{{count}}席）:',
    seat: '{{section}}ブロック {{row}}列 {{number}}番: {{price}}',
    total: 'お支払い合計: {{total}}',
    order: '注文番号: {{orderId}}',
    tickets: 'チケットとQRコードはこちら: {{url}}',
    gate: '入場時にチケットごとのQRコードをご提示ください。1つのコードで1名様が1回入場できます。',
    signOff: '会場でお会いしましょう。\nSeatRush',
  },
};

export default ja;
