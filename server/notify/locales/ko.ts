import type { MailMessages } from './en';

/** Korean. */
const ko: MailMessages = {
  orderPaid: {
    subject: '티켓 안내: {{tour}} · {{show}}',
    greeting: '{{name}} 님, 안녕하세요.',
    paid: '감사합니다. 결제가 완료되어 티켓이 준비되었습니다.',
    show: '공연: {{tour}} · {{show}}',
    when: '일시: {{date}} ({{timeZone}})',
    where: '장소: {{venue}}',
    seats_other: '좌석 {{count}}석:',
    seat: '{{section}} 구역 {{row}}열 {{number}}번: {{price}}',
    total: '총 결제 금액: {{total}}',
    order: '주문 번호: {{orderId}}',
    tickets: '티켓과 QR 코드 보기: {{url}}',
    gate: '입장할 때 티켓마다 QR 코드를 보여 주세요. 코드 하나로 한 명이 한 번 입장할 수 있습니다.',
    signOff: '공연장에서 뵙겠습니다.\nSeatRush',
  },
};

export default ko;
