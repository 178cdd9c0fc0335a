import type { MailMessages } from './en';

/** Thai. */
const th: MailMessages = {
  orderPaid: {
    subject: 'บัตรของคุณ: {{tour}} · {{show}}',
    greeting: 'สวัสดีคุณ {{name}}',
    paid: 'ขอบคุณ การชำระเงินของคุณสำเร็จแล้ว และบัตรของคุณพร้อมใช้งาน',
    show: 'การแสดง: {{tour}} · {{show}}',
    when: 'วันและเวลา: {{date}} ({{timeZone}})',
    where: 'สถานที่: {{venue}}',
    seats_other: 'ที่นั่งของคุณ {{count}} ที่:',
    seat: 'โซน {{section}} แถว {{row}} ที่นั่ง {{number}}: {{price}}',
    total: 'ยอดชำระทั้งหมด: {{total}}',
    order: 'หมายเลขคำสั่งซื้อ: {{orderId}}',
    tickets: 'บัตรและคิวอาร์โค้ดของคุณ: {{url}}',
    gate: 'แสดงคิวอาร์โค้ดของบัตรแต่ละใบที่ประตูทางเข้า โค้ดหนึ่งรายการใช้เข้างานได้หนึ่งคน หนึ่งครั้ง',
    signOff: 'แล้วพบกันที่งานแสดง\nSeatRush',
  },
};

export default th;
