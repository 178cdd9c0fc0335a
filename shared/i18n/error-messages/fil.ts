import type { ErrorMessages } from '.';

/** Filipino. */
const fil: ErrorMessages = {
  VALIDATION_FAILED:
    'May mga detalyeng inilagay mo na hindi valid. Pakitingnan ang mga ito at subukang muli.',
  MALFORMED_JSON: 'May ipinadala ang app na hindi mabasa ng server. Paki-reload ang page.',
  PAYLOAD_TOO_LARGE: 'Masyadong malaki ang request. Pumili ng mas kaunting seat.',
  UNKNOWN_COMMAND: 'Luma na ang bersyong ito ng app. Paki-reload ang page.',
  IDEMPOTENCY_KEY_REQUIRED: 'Hindi masimulan ang pagbabayad. Subukang muli.',
  IDEMPOTENCY_KEY_REUSED:
    'Nagamit na ang payment attempt na ito sa ibang order. Ulitin ang checkout mula sa simula.',
  AUTH_REQUIRED: 'Mag-sign in muna.',
  AUTH_INVALID: 'Hindi na valid ang session mo. Mag-sign in ulit.',
  AUTH_EXPIRED: 'Nag-expire na ang session mo. Mag-sign in ulit.',
  INVALID_CREDENTIALS: 'Mali ang e-mail o password.',
  EMAIL_TAKEN: 'May account na gamit ang e-mail na ito. Subukang mag-sign in.',
  FORBIDDEN: 'Hindi pinapayagan ang account mo na gawin iyan.',
  NOT_FOUND: 'Hindi namin mahanap ang hinahanap mo.',
  SHOW_NOT_FOUND: 'Hindi namin mahanap ang show na ito.',
  SECTION_NOT_FOUND: 'Hindi bahagi ng show na ito ang section na iyan.',
  SEAT_NOT_FOUND: 'May seat kang napili na hindi bahagi ng show na ito.',
  DUPLICATE_SEATS: 'Dalawang beses napili ang iisang seat.',
  TOO_MANY_SEATS: 'Lampas iyan sa dami ng seat na puwede sa isang hold.',
  SHOW_NOT_ON_SALE: 'Hindi mabibili ang show na ito sa ngayon.',
  SALE_UNAVAILABLE: 'Inihahanda pa ang mga seat. Subukang muli maya-maya.',
  SEAT_UNAVAILABLE: 'Pasensya na, may seat kang napili na kakakuha lang ng iba. Pumili ng ibang seat.',
  LIMIT_EXCEEDED: 'Lalampas iyan sa dami ng seat na puwedeng bilhin ng account mo para sa show na ito.',
  HOLD_NOT_FOUND: 'Hindi na naka-hold ang mga seat mo. Piliin ulit ang mga ito.',
  HOLD_EXPIRED: 'Nag-expire na ang hold mo at na-release na ang mga seat. Piliin ulit ang mga ito.',
  HOLD_ALREADY_EXTENDED: 'Na-extend mo na nang isang beses ang hold mo.',
  HOLD_IN_CHECKOUT: 'Kasalukuyang binabayaran ang mga seat na ito.',
  SALE_NOT_FOUND: 'Hindi namin mahanap ang bentahang ito.',
  QUEUE_NOT_OPEN: 'Hindi pa bukas ang waiting room. Bumalik ilang sandali bago magsimula ang bentahan.',
  QUEUE_CLOSED: 'Sarado na ang waiting room para sa bentahang ito.',
  NOT_IN_QUEUE: 'Hindi ka pa nakakapasok sa waiting room para sa bentahang ito.',
  NOT_ADMITTED: 'Hindi mo pa turn. Huwag isara ang page na ito; papapasukin ka namin.',
  ADMISSION_REQUIRED: 'Dumaan muna sa waiting room.',
  ADMISSION_INVALID: 'Hindi valid dito ang pass mo para mamili. Bumalik sa waiting room.',
  ADMISSION_EXPIRED: 'Tapos na ang oras mo sa pamimili.',
  WAITLIST_NOT_OPEN:
    'Magbubukas lang ang waitlist kapag sold out na ang show na ito. May mga seat pang available.',
  ORDER_NOT_FOUND: 'Hindi namin mahanap ang order na ito.',
  PAYMENT_FAILED: 'Na-decline ang bayad. Na-release na ang mga seat mo; subukang muli.',
  RATE_LIMITED: 'Masyadong maraming request. Maghintay sandali at subukang muli.',
  SERVICE_UNAVAILABLE: 'Pansamantalang hindi available ang isang serbisyo. Subukang muli maya-maya.',
  INTERNAL: 'Nagkaproblema sa aming panig. Subukang muli.',
};

export default fil;
