/**
 * The messages the server sends fans, in English: the source language, whose shape types every
 * other language's file (MailMessages). Plurals use i18next's suffixes, chosen by Intl.PluralRules.
 */
const en = {
  orderPaid: {
    subject: 'Your tickets: {{tour}} · {{show}}',
    greeting: 'Hello {{name}},',
    paid: 'Thank you: your payment went through and your tickets are ready.',
    show: 'Show: {{tour}} · {{show}}',
    when: 'When: {{date}} ({{timeZone}})',
    where: 'Where: {{venue}}',
    seats_one: 'Your seat:',
    seats_other: 'Your {{count}} seats:',
    seat: 'Section {{section}}, row {{row}}, seat {{number}}: {{price}}',
    total: 'Total paid: {{total}}',
    order: 'Order number: {{orderId}}',
    tickets: 'Your tickets and their QR codes: {{url}}',
    gate: 'Show the QR code of each ticket at the gate. Each code lets one person in, once.',
    signOff: 'See you at the show,\nSeatRush',
  },
};

/** A language's messages: English's keys, but for plural forms the language has not ("one"). */
export interface MailMessages {
  orderPaid: Omit<typeof en.orderPaid, 'seats_one'> & { seats_one?: string };
}

export default en;
