/**
 * `@cohesion/map`: the `<cohesion-map>` custom element. Importing this module registers the tag.
 * @packageDocumentation
 */
import { CohesionMapElement } from './element.js';

export {
  type CohesionMapAreaDetail,
  CohesionMapElement,
  type CohesionMapErrorDetail,
  type CohesionMapResults,
} from './element.js';

/** The element's tag name. */
export const COHESION_MAP_TAG = 'cohesion-map';

if (typeof customElements !== 'undefined' && !customElements.get(COHESION_MAP_TAG)) {
  customElements.define(COHESION_MAP_TAG, CohesionMapElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'cohesion-map': CohesionMapElement;
  }
}
