// Lazily loaded chunk: reprojection of British National Grid input, only when data need it.
export { toWgs84 } from '@cohesion/geo';
