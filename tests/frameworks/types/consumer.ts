// A strict TypeScript consumer of the shipped types: every type by name, the export and
// window.MixPayCheckout possibly undefined, the mixpay:* events typed wherever a listener
// can be attached, and the attributes a checkout element takes. Each @ts-expect-error is a
// check too: tsc fails when the line it marks compiles.
import { MixPayCheckout } from 'mixpay-checkout';
import type {
  MixPayCheckoutApi, MixPayCheckoutDataset, MixPayCheckoutOptions, MixPayCheckoutParams,
  MixPayCheckoutState, MixPayCreateError, MixPayCreateResult, MixPayCreatedDetail,
  MixPayErrorDetail, MixPayEventMap, MixPayFailureKind, MixPayFieldError, MixPayInvalidDetail,
  MixPayRequestDetail, MixPayResultDetail,
} from 'mixpay-checkout';

// Undefined where there is no window (server-side rendering), and before the script ran.
// @ts-expect-error the export may be undefined
MixPayCheckout.configure({ assetsUrl: '/assets/' });
// @ts-expect-error window.MixPayCheckout may be undefined
void window.MixPayCheckout.ready;
// @ts-expect-error the global may be undefined
void globalThis.MixPayCheckout.version;
MixPayCheckout?.configure({ assetsUrl: '/assets/' });
const fromWindow: MixPayCheckoutApi | undefined = window.MixPayCheckout;
export const sameApi = fromWindow === MixPayCheckout;

export async function usePage(checkout: MixPayCheckoutApi, element: Element): Promise<string> {
  await checkout.ready;
  const params: MixPayCheckoutParams = {
    payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a', quoteAmount: 10, quoteAssetId: 'usd',
    settlementAssetId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', isTemp: false, retries: 2,
    codeEndpoint: '/checkout/mixpay', codeFields: { productId: 'mug' },
  };
  const errors: MixPayFieldError[] = checkout.validate(params);
  const options: MixPayCheckoutOptions = {
    assetsUrl: '/assets/mixpay/', payeeIds: 'a0d7791408776b47eb1dd3f94ed15d6a',
    apiBase: 'https://api.mixpay.me/v1', payBase: 'https://mixpay.me',
  };
  checkout.configure(options);
  // @ts-expect-error configure() takes only the options it knows
  checkout.configure({ assetUrl: '/assets/' });
  checkout.mount(element);
  const state: MixPayCheckoutState | null = checkout.state(element);
  // @ts-expect-error a state is one of six words
  const wrong: MixPayCheckoutState = 'done';
  try {
    const created: MixPayCreateResult = await checkout.create(params);
    return created.url + created.code + created.traceId + state + wrong + errors.length + checkout.version;
  } catch (error) {
    const failure = error as MixPayCreateError;
    return failure.kind === 'invalid' ? failure.errors.map((e) => e.field).join() : String(failure.status + failure.code);
  }
}

// Listeners: on an Element from querySelector, an HTMLElement, the document and the window.
document.querySelector('#buy')?.addEventListener('mixpay:error', (event) => {
  const detail: MixPayErrorDetail = event.detail;
  const kind: MixPayFailureKind = detail.kind;
  if (kind === 'api' && detail.code === 10008) event.preventDefault();
});
document.getElementById('buy')?.addEventListener('mixpay:created', (event) => {
  const detail: MixPayCreatedDetail = event.detail;
  const orderId: string | null = detail.orderId;
  void [detail.code, detail.url, detail.traceId, orderId];
});
document.addEventListener('mixpay:invalid', (event) => {
  const detail: MixPayInvalidDetail = event.detail;
  void detail.errors.map((e) => e.field + e.message);
});
window.addEventListener('mixpay:request', (event) => {
  const detail: MixPayRequestDetail = event.detail;
  void detail.traceId;
});
document.addEventListener('mixpay:ready', (event) => {
  const detail: null = event.detail;
  void detail;
});
document.querySelector('[data-mixpay-result]')?.addEventListener('mixpay:result', (event) => {
  const detail: MixPayResultDetail = event.detail;
  if (detail.status === 'paid_less') void detail.quoteAmount;
});
export const created: MixPayEventMap['mixpay:created'] = new CustomEvent('mixpay:created', {
  detail: { code: '', url: '', traceId: '', orderId: null },
});

// The attributes, by dataset key.
export const attributes: MixPayCheckoutDataset = {
  mixpayCheckout: '', payeeId: 'a0d7791408776b47eb1dd3f94ed15d6a', quoteAmount: '10.50',
  codeEndpoint: '/checkout/mixpay', codeParams: 'product-id quantity', locale: 'ja',
  theme: 'dark', debug: '', label: 'Pay', timeout: '20000', retries: '1',
};
// @ts-expect-error codeFields is a create() parameter, not an attribute
export const notAnAttribute: MixPayCheckoutDataset = { codeFields: 'x' };
// @ts-expect-error an attribute's value is text
export const notText: MixPayCheckoutDataset = { quoteAmount: 10 };
// @ts-expect-error themes are light, dark and auto
export const notATheme: MixPayCheckoutDataset = { theme: 'blue' };
