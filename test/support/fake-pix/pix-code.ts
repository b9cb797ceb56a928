/** One EMV field: id, two-digit length, value. */
function field(id: string, value: string): string {
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** CRC16-CCITT (poly 0x1021, start 0xFFFF), the checksum that ends a PIX copy-paste code. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** A copy-paste code shaped like a real dynamic PIX code (BR Code), so a client can show and check it. */
export function pixCopyPaste(paymentId: number, amount: number): string {
  const account = field('00', 'br.gov.bcb.pix') + field('25', `pix.fake.test/qr/v2/${paymentId}`);
  const body =
    field('00', '01') +
    field('26', account) +
    field('52', '0000') +
    field('53', '986') +
    field('54', amount.toFixed(2)) +
    field('58', 'BR') +
    field('59', 'BOTDECK FAKE') +
    field('60', 'SAO PAULO') +
    field('62', field('05', 'mpqrinter' + String(paymentId))) +
    '6304';
  return body + crc16(body);
}
