import type { MailMessages } from './en';

/** Indonesian. */
const id: MailMessages = {
  orderPaid: {
    subject: 'Tiket Anda: {{tour}} · {{show}}',
    greeting: 'Halo {{name}},',
    paid: 'Terima kasih: pembayaran Anda berhasil dan tiket Anda sudah siap.',
    show: 'Pertunjukan: {{tour}} · {{show}}',
    when: 'Waktu: {{date}} ({{timeZone}})',
    where: 'Tempat: {{venue}}',
    seats_other: '{{count}} kursi Anda:',
    seat: 'Bagian {{section}}, baris {{row}}, kursi {{number}}: {{price}}',
    total: 'Total dibayar: {{total}}',
    order: 'Nomor pesanan: {{orderId}}',
    tickets: 'Tiket dan kode QR Anda: {{url}}',
    gate: 'Tunjukkan kode QR setiap tiket di gerbang. Satu kode untuk satu orang, satu kali masuk.',
    signOff: 'Sampai jumpa di pertunjukan,\nSeatRush',
  },
};

export default id;
