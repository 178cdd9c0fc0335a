import type { MailMessages } from './en';

/** Malay. */
const ms: MailMessages = {
  orderPaid: {
    subject: 'Tiket anda: {{tour}} · {{show}}',
    greeting: 'Hai {{name}},',
    paid: 'Terima kasih: pembayaran anda berjaya dan tiket anda sudah sedia.',
    show: 'Persembahan: {{tour}} · {{show}}',
    when: 'Masa: {{date}} ({{timeZone}})',
    where: 'Tempat: {{venue}}',
    seats_other: '{{count}} tempat duduk anda:',
    seat: 'Bahagian {{section}}, baris {{row}}, tempat duduk {{number}}: {{price}}',
    total: 'Jumlah dibayar: {{total}}',
    order: 'Nombor pesanan: {{orderId}}',
    tickets: 'Tiket dan kod QR anda: {{url}}',
    gate: 'Tunjukkan kod QR setiap tiket di pintu masuk. Satu kod untuk seorang, sekali masuk.',
    signOff: 'Jumpa di persembahan,\nSeatRush',
  },
};

export default ms;
