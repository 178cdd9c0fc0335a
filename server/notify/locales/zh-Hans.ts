import type { MailMessages } from './en';

/** Simplified Chinese. */
const zhHans: MailMessages = {
  orderPaid: {
    subject: '您的门票：{{tour}} · {{show}}',
    greeting: '{{name}}，您好：',
    paid: '感谢您的购买！付款已成功，您的门票已准备就绪。',
    show: '演出：{{tour}} · {{show}}',
    when: '时间：{{date}}（{{timeZone}}）',
    where: '地点：{{venue}}',
    seats_other: '您的 {{count}} 个座位：',
    seat: '{{section}} 区 {{row}} 排 {{number}} 号：{{price}}',
    total: '实付总额：{{total}}',
    order: '订单号：{{orderId}}',
    tickets: '查看门票及二维码：{{url}}',
    gate: '入场时请出示每张门票的二维码。每个二维码仅限一人入场一次。',
    signOff: '演出现场见！\nSeatRush',
  },
};

export default zhHans;
