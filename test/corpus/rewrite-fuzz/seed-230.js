"use strict"
;({async,/*  a bqpuhp *///z    h
/* n gp	g
kz m 
d*/ ...({[/(?:){9507}/giuy]() {},	 set /*g　
tp fd　ghq y*/[(2e308)]

(async)//
//e tdrj	mev {
  "use strict"
  "use strict"  ""
  "use strict";}, //zt
i, /* *///e	y
r,

  await})[/\6\9()()()()()()()()()/imuy], .../\u797C{72916,}?\B(?:)\cn(?!)/gims});
debugger
async =  (tsdtuxerafgrvky)(p //e   qszi ose-=((("Ù")[this])), function* hrke([],
{}, ...g) {  "Ì"
   "S"
 "¦"


"ìQÓ"
  switch (((true))){

  default:

// dba fk r t }
  var
d
/* 
  zr*/
= (null)
    q: debugger
})//c  vt  	k   e   vmg
//yao jm　bed
> (y /* xc xir　p*/ ++

||
eval)
//  tn ck hl
for (_async　/*x*/of ((/[^-](?=[]\uC6fa(?=)|(?=)(?!))/g).class))//dur 	 r sv  s
//r	frraih 
 /* l
v
*/continue