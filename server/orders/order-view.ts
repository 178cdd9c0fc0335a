import type { OrderView } from '../../shared/protocol/views';
import type { ShowLayout } from '../catalogue/catalogue';
import type { OrderRow, OrderSeatRow, TicketRow } from '../db/schema';

export function orderView(
  layout: ShowLayout,
  order: OrderRow,
  seats: OrderSeatRow[],
  tickets: TicketRow[],
): OrderView {
  return {
    id: order.id,
    showId: order.show_id,
    status: order.status,
    seats: seats.map((seat) => {
      const label = layout.venue.seatLabel(seat.seat_index);
      return {
        seat: seat.seat_index,
        section: label.section,
        row: label.row,
        number: label.number,
        tier: seat.tier_code,
        priceSatang: Number(seat.price_satang),
      };
    }),
    totalSatang: Number(order.total_satang),
    currency: 'THB',
    paymentMethod: order.payment_method,
    createdAt: order.created_at.toISOString(),
    paymentDeadline: order.payment_deadline.toISOString(),
    tickets: tickets.map((ticket) => ({ id: ticket.id, seat: ticket.seat_index, code: ticket.code })),
  };
}
