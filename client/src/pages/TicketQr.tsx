import { toString as qrSvg } from 'qrcode';
import { useTranslation } from 'react-i18next';
import { useAsync } from '../api/use-async';

/**
 * A ticket's code as a QR code for the gate's scanners: an SVG (sharp at any size, fine on a
 * screenshot), shown as an image so no markup from outside React is injected into the page.
 */
export function TicketQr({ code }: { code: string }) {
  const { t } = useTranslation();
  const [svg] = useAsync(
    () =>
      qrSvg(code, {
        type: 'svg',
        margin: 2,
        errorCorrectionLevel: 'M',
        color: { dark: '#000', light: '#fff' },
      }),
    [code],
  );
  if (svg.status !== 'ready') return <div className="ticket-qr ticket-qr-pending" aria-hidden="true" />;
  return (
    <img
      className="ticket-qr"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.value)}`}
      alt={t('order.qrLabel', { code })}
      width={160}
      height={160}
    />
  );
}
