// Outbound events for third-party apps and plugins: emitEvent (inside the transaction that made
// the change), signed deliveries with retries and recorded attempts, subscriptions, and the
// signature check subscribers run. Imports the queue and the secret box; nothing from server/.
export { emitEvent, EVENT_TYPES, isEventType, OUTBOUND_QUEUES, type DeliveryJob, type EventType } from './events.ts'
export { deliverEvent, deliveryBody, type Attempt } from './deliver.ts'
export {
  checkEventSignature,
  signatureHeader,
  signEvent,
  verifyEventSignature,
  type SignatureCheck,
} from './signature.ts'
export {
  checkSubscriptionUrl,
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  redeliver,
  type SubscriptionView,
} from './subscriptions.ts'
