import type { MailMessages } from './en';

/** Filipino. */
const fil: MailMessages = {
  orderPaid: {
    subject: 'Ang iyong mga ticket: {{tour}} · {{show}}',
    greeting: 'Hello, {{name}},',
    paid: 'Salamat: pumasok na ang bayad mo at handa na ang iyong mga ticket.',
    show: 'Palabas: {{tour}} · {{show}}',
    when: 'Kailan: {{date}} ({{timeZone}})',
    where: 'Saan: {{venue}}',
    seats_one: 'Ang iyong seat:',
    seats_other: 'Ang iyong {{count}} seat:',
    seat: 'Section {{section}}, row {{row}}, seat {{number}}: {{price}}',
    total: 'Kabuuang bayad: {{total}}',
    order: 'Numero ng order: {{orderId}}',
    tickets: 'Ang iyong mga ticket at QR code: {{url}}',
    gate: 'Ipakita sa gate ang QR code ng bawat ticket. Isang tao, isang beses, sa bawat code.',
    signOff: 'Kita-kits sa show,\nSeatRush',
  },
};

export default fil;
