/**
 * Saleday in a React 19 app: a flash-sale section with a countdown, the live totals, deal cards
 * and a buy button with a quantity picker. Copy it into your app after `npm install saleday`.
 *
 * React 19 passes properties to custom elements and listens to their events with
 * `on<event-name>` props (`onsaleday-order`). `import type {} from 'saleday/jsx'` types the tags,
 * their attributes and their events. (`npm test` type-checks this file against the built types.)
 */
import { useCallback, useState } from 'react';
import { configure } from 'saleday';
import 'saleday/all'; // registers <saleday-countdown>, <saleday-deal-card>, ... before React renders
import type {} from 'saleday/jsx';
import type { SaledayErrorDetail, SaledayOrderDetail, SaledayWindowDetail } from 'saleday/jsx';

configure({ api: 'https://api.shop.example/saleday', locale: 'en-US' });

interface FlashSaleProps {
  saleId: string;
  dealIds: string[];
  /** The deal with a quantity picker and its own buy button. */
  featuredDealId: string;
}

export function FlashSale({ saleId, dealIds, featuredDealId }: FlashSaleProps) {
  const [open, setOpen] = useState(false);
  const [paused, setPaused] = useState(false);
  const [quantity, setQuantity] = useState(1);
  const [orders, setOrders] = useState<SaledayOrderDetail[]>([]);
  const [problem, setProblem] = useState<string>();

  const onOrder = useCallback((event: CustomEvent<SaledayOrderDetail>) => {
    setOrders((previous) => [...previous, event.detail]);
    // Stay on the page even if checkout-redirect is on: our cart drawer takes it from here.
    event.preventDefault();
  }, []);

  const onError = useCallback((event: CustomEvent<SaledayErrorDetail>) => {
    if (event.detail.code !== 'sold_out') setProblem(event.detail.message);
  }, []);

  return (
    <section aria-labelledby="flash-sale-title" className="flash-sale">
      <h2 id="flash-sale-title">{open ? 'On now' : 'Coming up'}</h2>

      <saleday-countdown
        sale={saleId}
        onsaleday-started={(event: CustomEvent<SaledayWindowDetail>) => {
          setOpen(true);
          console.info('Window open:', event.detail.windowName);
        }}
        onsaleday-ended={() => setOpen(false)}
      />

      <div className="totals">
        <saleday-live-counter sale={saleId} metric="gmv" notation="compact" paused={paused} />
        <saleday-live-counter sale={saleId} metric="orders" paused={paused} />
        <button type="button" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'} live totals
        </button>
      </div>

      <ul className="deals">
        {dealIds.map((id) => (
          <li key={id}>
            <saleday-deal-card deal={id} onsaleday-order={onOrder} onsaleday-error={onError} />
          </li>
        ))}
      </ul>

      <div className="featured">
        <label>
          Quantity{' '}
          <select value={quantity} onChange={(event) => setQuantity(Number(event.target.value))}>
            {[1, 2, 3].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <saleday-buy-button
          deal={featuredDealId}
          quantity={quantity}
          onsaleday-before-order={(event) => {
            if (event.detail.quantity > 2 && !window.confirm('Order 3 at once?')) {
              event.preventDefault();
            }
          }}
          onsaleday-order={onOrder}
          onsaleday-error={onError}
        />
      </div>

      {problem && <p role="alert">{problem}</p>}
      {orders.length > 0 && (
        <p role="status">
          {orders.length} order{orders.length > 1 ? 's' : ''} placed:{' '}
          {orders.map((o) => o.orderId).join(', ')}
        </p>
      )}
    </section>
  );
}
