import type { MailMessages } from './en';

/** Vietnamese. */
const vi: MailMessages = {
  orderPaid: {
    subject: 'Vé của bạn: {{tour}} · {{show}}',
    greeting: 'Xin chào {{name}},',
    paid: 'Cảm ơn bạn: thanh toán đã thành công và vé của bạn đã sẵn sàng.',
    show: 'Buổi diễn: {{tour}} · {{show}}',
    when: 'Thời gian: {{date}} ({{timeZone}})',
    where: 'Địa điểm: {{venue}}',
    seats_other: '{{count}} ghế của bạn:',
    seat: 'Khu {{section}}, hàng {{row}}, ghế {{number}}: {{price}}',
    total: 'Tổng đã thanh toán: {{total}}',
    order: 'Mã đơn hàng: {{orderId}}',
    tickets: 'Vé và mã QR của bạn: {{url}}',
    gate: 'Hãy xuất trình mã QR của từng vé tại cổng. Mỗi mã cho một người vào cửa một lần.',
    signOff: 'Hẹn gặp bạn tại buổi diễn,\nSeatRush',
  },
};

export default vi;
