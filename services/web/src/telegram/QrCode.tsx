import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";

/** A QR code of `text`, drawn as an image. */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void toDataURL(text, { margin: 2, width: 220 }).then((url) => current && setSource(url));
    return () => {
      current = false;
    };
  }, [text]);
  return source ? <img className="qr" src={source} alt={label} width={220} height={220} /> : null;
}
